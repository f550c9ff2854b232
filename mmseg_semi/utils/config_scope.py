"""Make ``mmseg::`` config bases resolve whichever distribution ships mmseg.

MMEngine resolves ``_base_ = ['mmseg::_base_/models/...']`` by looking up
the *distribution* named in ``mmengine.config.utils.MODULE2PACKAGE['mmseg']``
(``'mmsegmentation'``) and reading ``<package>/.mim/configs``. The maintained
build on PyPI is called ``onedl-mmsegmentation`` but installs the same
``mmseg`` module, configs included, so the lookup fails with
``ModuleNotFoundError: mmsegmentation is not installed``.

When the upstream distribution is present nothing is changed. Otherwise the
mapping is pointed at the importable module ``mmseg`` itself, which
MMEngine's ``is_installed`` / ``get_installed_path`` accept (they fall back to
``importlib.util.find_spec``), provided that module ships its configs.
"""
import importlib.util
import os.path as osp
from importlib.metadata import PackageNotFoundError, version

UPSTREAM_DISTRIBUTION = 'mmsegmentation'


def _has_distribution(name: str) -> bool:
    try:
        version(name)
    except PackageNotFoundError:
        return False
    return True


def _mmseg_module_configs_dir():
    """``<mmseg module dir>/.mim/configs`` if that directory exists."""
    spec = importlib.util.find_spec('mmseg')
    if spec is None or spec.origin is None:
        return None
    configs = osp.join(osp.dirname(spec.origin), '.mim', 'configs')
    return configs if osp.isdir(configs) else None


def ensure_mmseg_config_scope() -> str:
    """Point MMEngine's ``mmseg`` config scope at an installed package.

    Returns:
        str: the name MMEngine now resolves ``mmseg::`` through: the upstream
        distribution name when it is installed (nothing patched), ``'mmseg'``
        when the module from another distribution is used.
    """
    from mmengine.config import utils as config_utils

    mapping = config_utils.MODULE2PACKAGE
    current = mapping.get('mmseg', UPSTREAM_DISTRIBUTION)
    if _has_distribution(current):
        return current
    if _mmseg_module_configs_dir() is None:
        # Nothing better to point at; MMEngine's own error stays informative.
        return current
    mapping['mmseg'] = 'mmseg'
    return 'mmseg'
