"""Single-stage WSSS end to end on the bundled VOC-subset demo copy: its
CPU config trains from tags through MMEngine's Runner, resumes exactly,
and its checkpoint is an MMSeg model for init_model / inference_model."""
import json
import os
import os.path as osp
import uuid

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from .utils import (REPO_ROOT, assert_same_weights, read_list,
                    write_list)

VOC_DEMO_ROOT = osp.join(REPO_ROOT, 'data', 'voc_subset_demo')
WSSS_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'wsss',
    'single-stage-wsss_efficientnet-lite0_3k_voc-subset-tags-192x192.py')

pytestmark = pytest.mark.skipif(
    not osp.isfile(osp.join(VOC_DEMO_ROOT, 'train.txt')),
    reason='bundled VOC-subset demo data missing')


def tiny_wsss_cfg(work_dir: str, max_iters: int = 4) -> Config:
    """The CPU config on the demo copy: 2 tagged images per batch, the
    mask loss from iteration 2, 2 val images, poly instead of the warm-up
    schedule (so 4 iterations move the weights)."""
    cfg = Config.fromfile(WSSS_CONFIG)
    os.makedirs(work_dir, exist_ok=True)
    cfg.work_dir = work_dir
    [dataset] = cfg.train_dataloader.dataset.datasets
    # the demo copy holds the masks (hence the tags) of its 92 labelled
    # train images only
    dataset.update(data_root=VOC_DEMO_ROOT, ann_file='splits/92/labeled.txt')
    cfg.train_dataloader.update(
        batch_size=2, num_workers=0, persistent_workers=False)
    cfg.train_dataloader.sampler.update(batch_size=2)
    val_list = write_list(osp.join(work_dir, 'val2.txt'),
                          read_list(osp.join(VOC_DEMO_ROOT, 'val.txt'))[:2])
    for loader in ('val_dataloader', 'test_dataloader'):
        cfg[loader].update(num_workers=0, persistent_workers=False)
        cfg[loader].dataset.update(data_root=VOC_DEMO_ROOT,
                                   ann_file=val_list)
    cfg.model.train_cfg.mask_loss_begin_iter = 2
    cfg.param_scheduler = [dict(type='PolyLR', power=0.9, by_epoch=False)]
    cfg.train_cfg.update(max_iters=max_iters, val_interval=2)
    cfg.default_hooks.checkpoint.update(interval=2, max_keep_ckpts=3)
    cfg.default_hooks.logger.interval = 1
    cfg.randomness = dict(seed=0, deterministic=True)
    cfg.log_level = 'WARNING'
    # one visualizer per runner, so its scalars go to its own log dir
    cfg.visualizer.name = f'visualizer_{uuid.uuid4().hex}'
    return cfg


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    work_dir = str(tmp_path_factory.mktemp('wsss_run'))
    runner = Runner.from_cfg(tiny_wsss_cfg(work_dir))
    runner.train()
    return work_dir, runner


def test_trains_from_tags_with_the_warm_up(trained):
    _, runner = trained
    with open(osp.join(runner.log_dir, 'vis_data', 'scalars.json')) as f:
        records = [json.loads(line) for line in f]
    train = [r for r in records if 'loss' in r]
    assert [r['step'] for r in train] == [1, 2, 3, 4]
    assert {'loss_cls', 'loss_mask', 'mask_ce'} <= set(train[0])
    # classification only for the first 2 iterations
    assert [r['loss_mask'] == 0.0 for r in train] == [True, True] + [
        r['mask_ce'] == 0.0 for r in train[2:]]
    val = [r for r in records if 'mIoU' in r]
    assert [r['step'] for r in val] == [2, 4]


def test_checkpoint_is_an_mmseg_model(trained, tmp_path):
    work_dir, runner = trained
    from mmseg.apis import inference_model, init_model
    config = str(tmp_path / 'wsss.py')
    runner.cfg.dump(config)
    model = init_model(config, osp.join(work_dir, 'iter_4.pth'),
                       device='cpu')
    image = osp.join(VOC_DEMO_ROOT, 'JPEGImages',
                     read_list(osp.join(work_dir, 'val2.txt'))[0] + '.jpg')
    result = inference_model(model, image)
    assert result.pred_sem_seg.data.max() < 21


def test_interrupted_and_resumed_equals_uninterrupted(tmp_path, trained):
    _, straight = trained
    work_dir = str(tmp_path / 'interrupted')
    cfg = tiny_wsss_cfg(work_dir)
    cfg.custom_hooks = [dict(type='StopTrainingAfter', iters=2)]
    first = Runner.from_cfg(cfg)
    first.train()
    assert first.iter == 2
    cfg = tiny_wsss_cfg(work_dir)
    cfg.resume = True
    resumed = Runner.from_cfg(cfg)
    resumed.train()
    assert resumed.iter == 4
    assert_same_weights(straight.model.state_dict(),
                        resumed.model.state_dict())


CAMVID_DEMO_ROOT = osp.join(REPO_ROOT, 'data', 'camvid_demo')
CAMVID_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'wsss',
    'single-stage-wsss_efficientnet-lite0_3k_camvid-tags-176x224.py')


@pytest.mark.skipif(not osp.isfile(osp.join(CAMVID_DEMO_ROOT, 'train.txt')),
                    reason='bundled CamVid demo data missing')
def test_camvid_config_trains_and_never_predicts_none(tmp_path):
    """The CamVid config in its 12-class label space, 2 iterations on the
    demo copy; validation counts 11 classes ('none' has no label)."""
    cfg = Config.fromfile(CAMVID_CONFIG)
    cfg.work_dir = str(tmp_path)
    [dataset] = cfg.train_dataloader.dataset.datasets
    dataset.update(data_root=CAMVID_DEMO_ROOT, img_suffix='.jpg')
    cfg.train_dataloader.update(
        batch_size=2, num_workers=0, persistent_workers=False)
    cfg.train_dataloader.sampler.update(batch_size=2)
    val_list = write_list(str(tmp_path / 'val1.txt'),
                          read_list(osp.join(CAMVID_DEMO_ROOT,
                                             'val.txt'))[:1])
    for loader in ('val_dataloader', 'test_dataloader'):
        cfg[loader].update(num_workers=0, persistent_workers=False)
        cfg[loader].dataset.update(data_root=CAMVID_DEMO_ROOT,
                                   img_suffix='.jpg', ann_file=val_list)
    cfg.model.train_cfg.mask_loss_begin_iter = 1
    cfg.param_scheduler = [dict(type='PolyLR', power=0.9, by_epoch=False)]
    cfg.train_cfg.update(max_iters=2, val_interval=2)
    cfg.default_hooks.logger.interval = 1
    cfg.log_level = 'WARNING'
    cfg.visualizer.name = f'visualizer_{uuid.uuid4().hex}'
    runner = Runner.from_cfg(cfg)
    runner.train()
    with open(osp.join(runner.log_dir, 'vis_data', 'scalars.json')) as f:
        records = [json.loads(line) for line in f]
    assert [r['step'] for r in records if 'loss_cls' in r] == [1, 2]
    assert [r['step'] for r in records if 'mIoU' in r] == [2]
    batch = next(iter(runner.val_dataloader))
    with torch.no_grad():
        [pred] = runner.model.val_step(batch)
    assert pred.pred_sem_seg.data.min() >= 1  # 'none' is never predicted


def test_tta_runs_the_reference_views_with_tag_gating(trained, tmp_path):
    """tools/test.py --tta with the VOC-aug config's tta_pipeline (4 scales
    x 2 flips, tags kept): MMSeg's SegTTAModel merges the head's outputs."""
    work_dir, _ = trained
    paper = Config.fromfile(osp.join(
        REPO_ROOT, 'configs', 'wsss',
        'single-stage-wsss_r101_2xb8-21e_voc12aug-448x448.py'))
    cfg = tiny_wsss_cfg(str(tmp_path))
    cfg.model.test_cfg = dict(mode='whole', bg_power=3.0,
                              use_image_labels=True)
    # as tools/test.py --tta does
    cfg.test_dataloader.dataset.pipeline = paper.tta_pipeline
    cfg.tta_model.module = cfg.model
    cfg.model = cfg.tta_model
    cfg.load_from = osp.join(work_dir, 'iter_4.pth')
    metrics = Runner.from_cfg(cfg).test()
    assert 0.0 <= metrics['mIoU'] <= 100.0
