"""ensure_mmseg_config_scope: make ``mmseg::`` resolve under any install."""
import os.path as osp

import pytest
from mmengine.config import utils as config_utils

from mmseg_semi.utils import config_scope
from mmseg_semi.utils.config_scope import (UPSTREAM_DISTRIBUTION,
                                           ensure_mmseg_config_scope)

_MISSING = object()


@pytest.fixture
def mapping():
    """MMEngine's MODULE2PACKAGE, set to the upstream value for the test and
    restored afterwards."""
    table = config_utils.MODULE2PACKAGE
    original = table.get('mmseg', _MISSING)
    table['mmseg'] = UPSTREAM_DISTRIBUTION
    yield table
    if original is _MISSING:
        table.pop('mmseg', None)
    else:
        table['mmseg'] = original


def test_upstream_installed_changes_nothing(mapping, monkeypatch):
    asked = []

    def has_distribution(name):
        asked.append(name)
        return True

    monkeypatch.setattr(config_scope, '_has_distribution', has_distribution)
    snapshot = dict(mapping)
    assert ensure_mmseg_config_scope() == 'mmsegmentation'
    assert asked == ['mmsegmentation']
    assert dict(mapping) == snapshot


def test_other_distribution_maps_to_the_module(mapping, monkeypatch):
    monkeypatch.setattr(config_scope, '_has_distribution', lambda name: False)
    others = {k: v for k, v in mapping.items() if k != 'mmseg'}
    assert ensure_mmseg_config_scope() == 'mmseg'
    assert mapping['mmseg'] == 'mmseg'
    assert {k: v for k, v in mapping.items() if k != 'mmseg'} == others
    # idempotent
    assert ensure_mmseg_config_scope() == 'mmseg'
    assert mapping['mmseg'] == 'mmseg'


def test_module_without_configs_is_left_alone(mapping, monkeypatch):
    monkeypatch.setattr(config_scope, '_has_distribution', lambda name: False)
    monkeypatch.setattr(config_scope, '_mmseg_module_configs_dir',
                        lambda: None)
    assert ensure_mmseg_config_scope() == 'mmsegmentation'
    assert mapping['mmseg'] == 'mmsegmentation'


def test_helpers_on_this_install():
    assert config_scope._has_distribution('onedl-mmsegmentation') or \
        config_scope._has_distribution('mmsegmentation')
    assert not config_scope._has_distribution('no-such-dist-mmseg-semi')
    configs = config_scope._mmseg_module_configs_dir()
    assert configs is not None and osp.isdir(configs)
    assert osp.isfile(
        osp.join(configs, '_base_', 'models', 'deeplabv3plus_r50-d8.py'))


def test_import_left_a_resolvable_mapping():
    """After ``import mmseg_semi`` MMEngine finds mmseg's packaged
    configs through the mapping."""
    from mmengine.utils import get_installed_path, is_installed
    package = config_utils.MODULE2PACKAGE['mmseg']
    assert is_installed(package)
    path = get_installed_path(package)
    assert osp.isdir(osp.join(path, '.mim', 'configs'))
