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
    assert {'supervised', 'mean_teacher'} <= folders
    for folder in ('supervised', 'mean_teacher'):
        names = [_name(p) for p in CONFIGS if _name(p).startswith(folder)]
        assert any('camvid' in n for n in names)
        assert any('voc12aug' in n for n in names)
        assert any('cityscapes' in n for n in names)
        assert any('r101' in n for n in names)


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_config_loads_and_model_builds(path):
    cfg = Config.fromfile(path)
    assert cfg.custom_imports.imports == ['mmseg_semi']
    model = MODELS.build(cfg.model)  # no init_weights: nothing downloaded
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

    assert cfg.model.data_preprocessor.type == \
        'MultiBranchSegDataPreProcessor'
    assert cfg.val_cfg.type == 'TeacherStudentValLoop'
    if cfg.model.type == 'MeanTeacherSegmentor':
        hooks = [h.type for h in cfg.custom_hooks]
        assert hooks == ['MeanTeacherHook']
        assert cfg.default_hooks.checkpoint.save_best == 'teacher/mIoU'


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
