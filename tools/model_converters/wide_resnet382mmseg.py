"""Convert the single-stage WSSS reference's WideResNet-38 ImageNet weights
(``ilsvrc-cls_rna-a1_cls1000_ep-0001.pth``, the key layout of its
``resnet38d.py``: ``conv1a``, ``b2`` .. ``b7``, ``bn7``) into an
MMSeg-format checkpoint of mmseg_semi's ``WideResNet38`` backbone.

    python tools/model_converters/wide_resnet382mmseg.py SRC DST

Use the result with ``backbone=dict(type='WideResNet38', init_cfg=dict(
type='Pretrained', checkpoint=DST))``; the WideResNet-38 configs of
``configs/wsss/`` expect it at
``pretrain/wide_resnet38_ilsvrc-a1_mmseg.pth``. Keys of the source that are
not part of the backbone (e.g. an ImageNet classifier) are reported and
left out; a backbone tensor missing from the source is an error.
"""
import argparse
import os
import os.path as osp
import re
import sys
from collections import OrderedDict
from typing import Dict, List, Tuple

import torch

# reference block names: b<stage>[_<block>] for stages 2-7
BLOCK = re.compile(r'^b(?P<stage>[2-7])(?:_(?P<block>\d+))?\.'
                   r'(?P<part>\w+)\.(?P<tensor>\w+)$')
PARTS = {
    'bn_branch2a': 'norm1',
    'conv_branch2a': 'conv1',
    'bn_branch2b1': 'norm2',
    'conv_branch2b1': 'conv2',
    'bn_branch2b2': 'norm3',
    'conv_branch2b2': 'conv3',
    'conv_branch1': 'shortcut',
}
TOP_LEVEL = {'conv1a': 'stem', 'bn7': 'final_norm'}


def convert_key(key: str) -> str:
    """``b4_3.bn_branch2a.weight`` -> ``layer3.3.norm1.weight``;
    ``conv1a.weight`` -> ``stem.weight``; ``''`` if not a backbone key."""
    key = key[len('module.'):] if key.startswith('module.') else key
    head, _, tensor = key.partition('.')
    if head in TOP_LEVEL:
        return f'{TOP_LEVEL[head]}.{tensor}'
    match = BLOCK.match(key)
    if match is None or match['part'] not in PARTS:
        return ''
    stage = int(match['stage']) - 1
    block = int(match['block'] or 0)
    return (f"layer{stage}.{block}.{PARTS[match['part']]}."
            f"{match['tensor']}")


def convert_wide_resnet38(
        state_dict: Dict[str, torch.Tensor]
) -> Tuple['OrderedDict[str, torch.Tensor]', List[str]]:
    """The backbone's state dict from the reference's, and the source keys
    left out."""
    converted: 'OrderedDict[str, torch.Tensor]' = OrderedDict()
    skipped = []
    for key, value in state_dict.items():
        new_key = convert_key(key)
        if not new_key:
            skipped.append(key)
            continue
        converted[new_key] = value
    return converted, skipped


def check_complete(converted: Dict[str, torch.Tensor]) -> None:
    """Raise ``KeyError`` naming what a ``WideResNet38`` needs and the
    source did not give, or shapes that do not fit."""
    from mmseg_semi.models.backbones import WideResNet38
    with torch.device('meta'):  # shapes only, nothing allocated
        expected = WideResNet38().state_dict()
    missing = [
        k for k in expected
        if k not in converted and not k.endswith('num_batches_tracked')
    ]
    if missing:
        raise KeyError(f'the source lacks {len(missing)} backbone tensors, '
                       f'e.g. {missing[:3]}; is it the WideResNet-38 file?')
    wrong = [
        k for k, v in converted.items()
        if k in expected and tuple(v.shape) != tuple(expected[k].shape)
    ]
    if wrong:
        raise KeyError(f'shape mismatch for {wrong[:3]}')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='the reference .pth')
    parser.add_argument('dst', help='output .pth (MMSeg format)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not osp.isfile(args.src):
        raise FileNotFoundError(f'{args.src} not found')
    if osp.exists(args.dst):
        raise FileExistsError(f'{args.dst} exists; not overwritten')
    checkpoint = torch.load(args.src, map_location='cpu', weights_only=True)
    state_dict = checkpoint.get('state_dict', checkpoint)
    converted, skipped = convert_wide_resnet38(state_dict)
    check_complete(converted)
    os.makedirs(osp.dirname(osp.abspath(args.dst)), exist_ok=True)
    tmp = args.dst + '.tmp'
    torch.save(
        dict(state_dict=converted, meta=dict(source=osp.basename(args.src))),
        tmp)
    os.replace(tmp, args.dst)
    if skipped:
        print(f'left out {len(skipped)} keys that are not the backbone\'s: '
              f'{skipped[:5]}')
    print(f'{len(converted)} tensors of WideResNet-38 -> {args.dst}')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (FileNotFoundError, FileExistsError, KeyError) as err:
        sys.exit(f'wide_resnet382mmseg.py: error: {err}')
