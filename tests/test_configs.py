"""Every shipped config loads and builds; semi-supervised ones are wired as
the framework expects; ``mmseg::`` bases resolve."""
import glob
import importlib.metadata
import os.path as osp
import re
import subprocess
import sys

import pytest
from mmengine.config import Config

from mmseg.registry import MODELS

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
CONFIGS = sorted(
    p for p in glob.glob(osp.join(REPO_ROOT, 'configs', '**', '*.py'),
                         recursive=True) if '_base_' not in p)
SEMI_CONFIGS = [p for p in CONFIGS if 'supervised' not in p.split(osp.sep)]


def _name(path):
    return osp.relpath(path, osp.join(REPO_ROOT, 'configs'))


def test_configs_exist():
    folders = {_name(p).split(osp.sep)[0] for p in CONFIGS}
    assert {'supervised', 'mean_teacher', 'cps'} <= folders
    for folder in ('supervised', 'mean_teacher', 'cps'):
        names = [_name(p) for p in CONFIGS if _name(p).startswith(folder)]
        assert any('camvid' in n for n in names)
        assert any('voc12aug' in n for n in names)
        assert any('cityscapes' in n for n in names)
        assert any('r101' in n for n in names)


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_config_loads_and_model_builds(path):
    cfg = Config.fromfile(path)
    assert cfg.custom_imports.imports == ['mmseg_semi']
    # as the Runner does: a top-level data_preprocessor fills a missing key
    model_cfg = cfg.model.copy()
    if cfg.get('data_preprocessor') is not None:
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    model = MODELS.build(model_cfg)  # no init_weights: nothing downloaded
    if 'segmentor' in cfg.model:
        assert type(model.data_preprocessor).__name__ == \
            'MultiBranchSegDataPreProcessor'
    assert sum(p.numel() for p in model.parameters()) > 0
    segmentor = cfg.model.get('segmentor', cfg.model)
    num_classes = segmentor.decode_head.num_classes
    if 'camvid' in path:
        assert num_classes == 11
        assert segmentor.pretrained is None  # CPU configs train from scratch
    elif 'voc12aug' in path:
        assert num_classes == 21
        assert segmentor.pretrained.startswith('open-mmlab://resnet')
    elif 'cityscapes' in path:
        assert num_classes == 19
        assert segmentor.pretrained.startswith('open-mmlab://resnet')
    depth = 101 if 'r101' in path else 50 if 'r50' in path else 18
    assert segmentor.backbone.depth == depth


@pytest.mark.parametrize('path', SEMI_CONFIGS, ids=_name)
def test_semi_config_wiring(path):
    cfg = Config.fromfile(path)
    loader = cfg.train_dataloader
    assert loader.sampler.type == 'MultiSourceSampler'
    assert loader.sampler.batch_size == loader.batch_size
    assert loader.dataset.type == 'SemiConcatDataset'
    labeled, unlabeled = loader.dataset.datasets
    assert 'seg_map_path' in labeled.data_prefix
    assert 'seg_map_path' not in unlabeled.data_prefix
    assert labeled.ann_file == 'splits/{split}/labeled.txt'
    assert unlabeled.ann_file == 'splits/{split}/unlabeled.txt'
    assert re.search(rf'-{loader.dataset.split}[-.]', _name(path))
    unlabeled_types = [t.type for t in unlabeled.pipeline]
    assert 'LoadEmptySegAnnotation' in unlabeled_types
    assert 'LoadAnnotations' not in unlabeled_types

    views = set()
    for dataset in (labeled, unlabeled):
        branch = dataset.pipeline[-1]
        assert branch.type == 'MultiBranch'
        views |= set(k for k in branch if k not in ('type', 'branch_field'))
    model_cls = MODELS.get(cfg.model.type)
    assert set(model_cls.required_views) <= views

    preprocessor = cfg.model.get('data_preprocessor')
    if preprocessor is not None:  # None: wraps the segmentor's own
        assert preprocessor.type == 'MultiBranchSegDataPreProcessor'
    assert cfg.val_cfg.type == 'TeacherStudentValLoop'
    # random draws of each step seeded from the iteration: exact resume
    assert cfg.default_hooks.iteration_seed.type == 'IterationSeedHook'
    if cfg.model.type == 'MeanTeacherSegmentor':
        hooks = [h.type for h in cfg.custom_hooks]
        assert hooks == ['MeanTeacherHook']
        predict_on = cfg.model.semi_test_cfg.predict_on
        assert cfg.default_hooks.checkpoint.save_best == \
            f'{predict_on}/mIoU'
    if cfg.model.type == 'CPSSegmentor':
        assert cfg.default_hooks.checkpoint.save_best == 'branch1/mIoU'
        cutmix = cfg.model.get('semi_train_cfg', {}).get('cutmix')
        ratio = cfg.train_dataloader.sampler.source_ratio
        expected = {
            ('camvid', False): 1.5, ('camvid', True): 1.0,
            ('voc12aug', False): 1.5, ('voc12aug', True): 1.0,
            ('cityscapes', False): 6.0, ('cityscapes', True): 5.0,
        }
        dataset = next(d for d in ('camvid', 'voc12aug', 'cityscapes')
                       if d in path)
        assert cfg.model.cps_loss.loss_weight == \
            expected[(dataset, cutmix is not None)]
        # CutMix mixes the two halves of the unlabelled batch
        assert ratio[1] == (2 * ratio[0] if cutmix else ratio[0])
        assert ('cps-cutmix' in _name(path)) == (cutmix is not None)


def test_mmseg_scope_base_resolves(tmp_path):
    config = tmp_path / 'inherits_mmseg.py'
    config.write_text(
        "_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']\n"
        "model = dict(decode_head=dict(num_classes=5))\n")
    cfg = Config.fromfile(str(config))
    assert cfg.model.type == 'EncoderDecoder'
    assert cfg.model.backbone.type == 'ResNetV1c'
    assert cfg.model.decode_head.type == 'DepthwiseSeparableASPPHead'
    assert cfg.model.decode_head.num_classes == 5


def _has_upstream_mmseg() -> bool:
    try:
        importlib.metadata.version('mmsegmentation')
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(
    _has_upstream_mmseg(),
    reason='upstream mmsegmentation resolves mmseg:: without the shim')
def test_mmseg_scope_needs_the_shim_here(tmp_path):
    """Without importing mmseg_semi the same config fails to load, which is
    what the shim is for."""
    config = tmp_path / 'inherits_mmseg.py'
    config.write_text(
        "_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']\n")
    code = ('from mmengine.config import Config; '
            f'Config.fromfile({str(config)!r})')
    proc = subprocess.run([sys.executable, '-c', code],
                          capture_output=True, text=True, cwd=str(tmp_path))
    assert proc.returncode != 0
    assert 'mmsegmentation is not installed' in proc.stderr


def torchsemiseg_iters(num_images: int, ratio: int, epochs: int) -> int:
    """TorchSemiSeg's schedule: ``labelled = N // ratio``, ``unlabelled =
    N - labelled``, an epoch is ``max(labelled, unlabelled) // 8`` steps
    (the scripts' global batch of 8), times ``nepochs``."""
    labeled = num_images // ratio
    return max(labeled, num_images - labeled) // 8 * epochs


def test_torchsemiseg_schedule_formula():
    # the counts quoted in the official docs / configs
    assert torchsemiseg_iters(10582, 8, 34) == 39338
    assert torchsemiseg_iters(2975, 8, 137) == 44525
    assert torchsemiseg_iters(2975, 4, 160) == 44640


def test_cps_splits_and_schedules():
    """CPS configs for every split, backbone and variant, with the
    TorchSemiSeg schedules; the split is one field and the poly schedule
    runs to max_iters (no `end` to keep in sync)."""
    epochs = {
        'voc12aug': {16: 32, 8: 34, 4: 40, 2: 60},
        'cityscapes': {16: 128, 8: 137, 4: 160, 2: 240},
    }
    num_images = {'voc12aug': 10582, 'cityscapes': 2975}
    expected_iters = {(dataset, f'1-{ratio}'): torchsemiseg_iters(
        num_images[dataset], ratio, n)
                      for dataset, table in epochs.items()
                      for ratio, n in table.items()}
    names = [_name(p) for p in CONFIGS if _name(p).startswith('cps')]
    for (dataset, split), iters in expected_iters.items():
        for depth in ('r50', 'r101'):
            for variant in ('cps_', 'cps-cutmix_'):
                matches = [
                    n for n in names
                    if osp.basename(n).startswith(variant) and depth + '-'
                    in n and f'{dataset}-{split}-' in n
                ]
                assert len(matches) == 1, (dataset, split, depth, variant)
                cfg = Config.fromfile(
                    osp.join(REPO_ROOT, 'configs', matches[0]))
                assert cfg.train_cfg.max_iters == iters
                assert 'end' not in cfg.param_scheduler[0]
                assert cfg.train_dataloader.dataset.split == split
