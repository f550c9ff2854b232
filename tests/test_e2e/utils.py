"""Helpers of the Runner tests: tiny configs of the demo data, log records,
simulated interruptions, weight comparison."""
import argparse
import importlib.util
import json
import os
import os.path as osp
import uuid
from typing import List

import torch
from mmengine.config import Config, DictAction
from mmengine.hooks import Hook

from mmseg.registry import HOOKS

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MT_DEMO_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'mean_teacher',
    'mean-teacher_deeplabv3plus_r18-lite_camvid-demo-1-8.py')
DEMO_ROOT = osp.join(REPO_ROOT, 'data', 'camvid_demo')
VOC_DEMO_ROOT = osp.join(REPO_ROOT, 'data', 'voc_subset_demo')
# how tiny_semi_cfg shrinks the CPU DeepLabV3+ (R18-lite) to seconds
TINY_BACKBONE = dict(base_channels=8, stem_channels=8)
TINY_HEAD = dict(in_channels=64, channels=16, c1_in_channels=8, c1_channels=8)


def write_list(path: str, stems) -> str:
    with open(path, 'w') as f:
        f.writelines(s + '\n' for s in stems)
    return path


def read_list(path: str):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def tiny_mean_teacher_cfg(work_dir: str, **kwargs) -> Config:
    """The demo Mean Teacher config shrunk to seconds."""
    return tiny_semi_cfg(MT_DEMO_CONFIG, work_dir, **kwargs)


def tiny_semi_cfg(config: str,
                  work_dir: str,
                  max_iters: int = 4,
                  val_interval: int = 2,
                  num_val: int = 2,
                  source_ratio=(2, 2),
                  num_workers: int = 0) -> Config:
    """A CPU-sized CamVid config (semi-supervised, or supervised with one
    source) shrunk to seconds on the bundled demo data: a 1/4-width
    backbone, batches of ``source_ratio`` images per source, ``num_val`` val
    frames, ``num_workers`` dataloader workers, absolute data paths."""
    cfg = Config.fromfile(config)
    os.makedirs(work_dir, exist_ok=True)
    cfg.work_dir = work_dir
    segmentor = cfg.model.get('segmentor', cfg.model)
    segmentor.backbone.update(TINY_BACKBONE)
    segmentor.decode_head.update(TINY_HEAD)
    if cfg.model.type == 'CycleGANSegmentor':  # tiny G_SI, D_I, D_S
        cfg.model.generator.update(base_channels=4, num_blocks=1)
        cfg.model.image_discriminator.update(base_channels=8)
        cfg.model.mask_discriminator.update(base_channels=8)

    datasets = cfg.train_dataloader.dataset.datasets
    for dataset in datasets:
        dataset.update(data_root=DEMO_ROOT, img_suffix='.jpg')
    source_ratio = list(source_ratio)[:len(datasets)]
    batch_size = sum(source_ratio)
    cfg.train_dataloader.update(
        batch_size=batch_size, num_workers=num_workers,
        persistent_workers=False)
    cfg.train_dataloader.sampler.update(
        batch_size=batch_size, source_ratio=list(source_ratio))

    val_list = write_list(
        osp.join(work_dir, 'val_subset.txt'),
        read_list(osp.join(DEMO_ROOT, 'val.txt'))[:num_val])
    for loader in ('val_dataloader', 'test_dataloader'):
        cfg[loader].update(num_workers=0, persistent_workers=False)
        cfg[loader].dataset.update(
            data_root=DEMO_ROOT, img_suffix='.jpg', ann_file=val_list)

    cfg.train_cfg.update(max_iters=max_iters, val_interval=val_interval)
    cfg.default_hooks.checkpoint.update(interval=val_interval,
                                        max_keep_ckpts=3)
    cfg.default_hooks.logger.interval = 1
    cfg.log_level = 'WARNING'
    # MMEngine keeps one visualizer per name: give every runner its own, so
    # that its scalars go to its own log dir
    cfg.visualizer.name = f'visualizer_{uuid.uuid4().hex}'
    return cfg


def export_and_load_tiny(config: str, checkpoint: str, out_dir: str,
                         submodel: str, export_args=()):
    """Export ``submodel`` of a :func:`tiny_semi_cfg` checkpoint with
    ``tools/model_converters/export_student.py CONFIG CHECKPOINT OUT_DIR
    *export_args``, load it with MMSeg's ``init_model`` (shrunk as the
    checkpoint was), check that its weights are the checkpoint's
    ``submodel.*`` bit for bit and that ``inference_model`` predicts a
    full-size (180, 240) map of the first CamVid demo val frame.

    Returns:
        tuple: the model, the exported checkpoint dict and the prediction.
    """
    from mmengine.runner import load_checkpoint

    from mmseg.apis import inference_model, init_model
    export_main = load_tool('model_converters/export_student.py').main
    assert export_main([config, checkpoint, out_dir, *export_args]) == 0
    stem = osp.join(out_dir,
                    osp.splitext(osp.basename(config))[0] + '_' + submodel)
    options = {f'model.backbone.{k}': v for k, v in TINY_BACKBONE.items()}
    options.update(
        {f'model.decode_head.{k}': v for k, v in TINY_HEAD.items()})
    model = init_model(stem + '.py', None, device='cpu',
                       cfg_options=options)
    exported = load_checkpoint(model, stem + '.pth', map_location='cpu')
    state = torch.load(checkpoint, map_location='cpu',
                       weights_only=False)['state_dict']
    for key, value in model.state_dict().items():
        assert torch.equal(value, state[f'{submodel}.{key}']), key
    model.dataset_meta = exported['meta']['dataset_meta']
    image = osp.join(DEMO_ROOT, 'val',
                     read_list(osp.join(DEMO_ROOT, 'val.txt'))[0] + '.jpg')
    result = inference_model(model, image)
    assert tuple(result.pred_sem_seg.shape) == (180, 240)
    return model, exported, result


def load_tool(relative_path: str):
    """Import a script under tools/ (not a package) as a module."""
    path = osp.join(REPO_ROOT, 'tools', relative_path)
    name = 'tool_' + osp.splitext(osp.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@HOOKS.register_module(force=True)
class StopTrainingAfter(Hook):
    """Simulates a killed job: stops the loop after ``iters`` iterations
    (the checkpoint of that iteration is written first)."""
    priority = 'LOWEST'

    def __init__(self, iters: int) -> None:
        self.iters = iters

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        if runner.iter + 1 >= self.iters:
            runner.train_loop.stop_training = True


def assert_same_weights(expected: dict, got: dict, atol: float = 1e-5):
    """Two state dicts hold the same keys and values (to ``atol``)."""
    assert expected.keys() == got.keys()
    for key, value in expected.items():
        assert torch.allclose(got[key].float(), value.float(),
                              atol=atol), key


def scalar_records(log_dir: str) -> List[dict]:
    """The records of a run's ``vis_data/scalars.json``."""
    with open(osp.join(log_dir, 'vis_data', 'scalars.json')) as f:
        return [json.loads(line) for line in f]


def voc_demo_benchmark_cfg(config: str, work_dir: str,
                           source_ratio) -> Config:
    """A quality-benchmark config as it is, shortened (with the benchmark
    tool's own options) to 2 iterations of ``source_ratio`` images per
    source on the bundled VOC-subset demo copy, 2 val images."""
    from mmseg_semi.utils.run_records import (config_schedule,
                                              shortened_schedule_options)
    cfg = Config.fromfile(config)
    max_iters, schedulers = config_schedule(config)
    parser = argparse.ArgumentParser()
    parser.add_argument('--o', nargs='+', action=DictAction)
    cfg.merge_from_dict(parser.parse_args(
        ['--o', *shortened_schedule_options(max_iters, schedulers, 2)]).o)
    cfg.work_dir = work_dir
    for dataset in cfg.train_dataloader.dataset.datasets:
        dataset.data_root = VOC_DEMO_ROOT
    batch_size = sum(source_ratio)
    cfg.train_dataloader.update(
        batch_size=batch_size, num_workers=0, persistent_workers=False)
    cfg.train_dataloader.sampler.update(
        batch_size=batch_size, source_ratio=list(source_ratio))
    val_list = write_list(
        osp.join(work_dir, 'val2.txt'),
        read_list(osp.join(VOC_DEMO_ROOT, 'val.txt'))[:2])
    for loader in ('val_dataloader', 'test_dataloader'):
        cfg[loader].update(num_workers=0, persistent_workers=False)
        cfg[loader].dataset.update(data_root=VOC_DEMO_ROOT,
                                   ann_file=val_list)
    cfg.default_hooks.logger.interval = 1
    cfg.log_level = 'WARNING'
    cfg.visualizer.name = f'visualizer_{uuid.uuid4().hex}'  # own log dir
    return cfg
