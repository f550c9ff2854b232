"""mmseg_semi: semi- and weakly-supervised segmentation for MMSegmentation.

Importing the package registers every component in MMSeg's registries
(``mmseg.registry``) and lets ``mmseg::`` config bases resolve (see
:func:`mmseg_semi.utils.ensure_mmseg_config_scope`).
"""
from .utils import ensure_mmseg_config_scope
from .version import __version__

ensure_mmseg_config_scope()

from . import datasets, engine, evaluation, models  # noqa: E402,F401

__all__ = ['__version__']
