"""Every shipped config loads and builds; semi-supervised ones are wired as
the framework expects; ``mmseg::`` bases resolve."""
import glob
import importlib.metadata
import os.path as osp
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
    assert loader.dataset.type == 'ConcatDataset'
    labeled, unlabeled = loader.dataset.datasets
    assert 'seg_map_path' in labeled.data_prefix
    assert 'seg_map_path' not in unlabeled.data_prefix
    assert labeled.ann_file.endswith('labeled.txt')
    assert unlabeled.ann_file.endswith('unlabeled.txt')
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
    if cfg.model.type == 'MeanTeacherSegmentor':
        hooks = [h.type for h in cfg.custom_hooks]
        assert hooks == ['MeanTeacherHook']
        assert cfg.default_hooks.checkpoint.save_best == 'teacher/mIoU'
    if cfg.model.type == 'CPSSegmentor':
        assert cfg.default_hooks.checkpoint.save_best == 'branch1/mIoU'
        cutmix = cfg.model.semi_train_cfg.get('cutmix')
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


def test_cps_splits_and_schedules():
    """CPS configs for every split, backbone and variant, with the
    TorchSemiSeg schedules (epochs x unlabelled steps of 8 images)."""
    expected_iters = {
        ('voc12aug', '1-16'): 39680, ('voc12aug', '1-8'): 39338,
        ('voc12aug', '1-4'): 39680, ('voc12aug', '1-2'): 39660,
        ('cityscapes', '1-16'): 44544, ('cityscapes', '1-8'): 44525,
        ('cityscapes', '1-4'): 44480, ('cityscapes', '1-2'): 44640,
    }
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
                assert cfg.param_scheduler[0].end == iters
                for dataset_cfg in cfg.train_dataloader.dataset.datasets:
                    assert f'splits/{split}/' in dataset_cfg.ann_file
