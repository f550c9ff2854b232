"""Write labelled / unlabelled image lists for semi-supervised training.

Examples::

    # 1/8 of CamVid train labelled, seed 0 -> data/camvid/splits/1-8/
    python tools/misc/split_dataset.py camvid data/camvid --fraction 0.125

    # 662 VOC-aug images labelled (CPS's 1/16) -> <root>/splits/662/
    python tools/misc/split_dataset.py voc12aug data/VOCdevkit/VOC2012 \
        --num-labeled 662 --seed 0

    # the VOC subset benchmark split: 92 of its 1464 train images labelled
    python tools/misc/split_dataset.py voc_subset ../shared/data/voc_subset \
        --num-labeled 92 --out-dir data/voc_subset/splits

    # all of 1/16, 1/8, 1/4, 1/2 at once
    python tools/misc/split_dataset.py cityscapes data/cityscapes \
        --fraction 0.0625 0.125 0.25 0.5

Each split directory gets ``labeled.txt`` and ``unlabeled.txt`` in the
format MMSeg's dataset of that name reads as ``ann_file`` (one image stem
per line; Cityscapes stems keep their city folder). The same seed and pool
always give the same split; the labelled sets of one seed are not nested
across fractions (each is an independent draw, as in CPS and UniMatch).

Pools:
  camvid      DATA_ROOT/train.txt
  voc12aug    ImageSets/Segmentation/trainaug.txt (MMSeg's voc_aug.py), or
              train.txt + aug.txt; labelled ids must have a mask in
              SegmentationClassAug
  voc_subset  DATA_ROOT/train.txt, masks in SegmentationClass (the VOC
              subset of ../shared/data/voc_subset)
  cityscapes  every leftImg8bit/train/<city>/*_leftImg8bit.png
"""
import argparse
import glob
import os
import os.path as osp
import random
import sys
from fractions import Fraction
from typing import Callable, Dict, List, Optional, Tuple

VOC_SETS = 'ImageSets/Segmentation'
CITYSCAPES_SUFFIX = '_leftImg8bit.png'


def read_list(path: str) -> List[str]:
    if not osp.isfile(path):
        raise FileNotFoundError(f'image list {path} does not exist')
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def camvid_pool(data_root: str) -> Tuple[List[str], Callable[[str], str]]:
    stems = read_list(osp.join(data_root, 'train.txt'))
    return stems, lambda s: osp.join(data_root, 'trainannot', s + '.png')


def voc12aug_pool(data_root: str) -> Tuple[List[str], Callable[[str], str]]:
    trainaug = osp.join(data_root, VOC_SETS, 'trainaug.txt')
    if osp.isfile(trainaug):
        stems = read_list(trainaug)
    else:
        stems = read_list(osp.join(data_root, VOC_SETS, 'train.txt')) + \
            read_list(osp.join(data_root, VOC_SETS, 'aug.txt'))
    stems = sorted(set(stems))
    return stems, lambda s: osp.join(data_root, 'SegmentationClassAug',
                                     s + '.png')


def voc_subset_pool(
        data_root: str) -> Tuple[List[str], Callable[[str], str]]:
    stems = read_list(osp.join(data_root, 'train.txt'))
    return stems, lambda s: osp.join(data_root, 'SegmentationClass',
                                     s + '.png')


def cityscapes_pool(
        data_root: str) -> Tuple[List[str], Callable[[str], str]]:
    img_dir = osp.join(data_root, 'leftImg8bit', 'train')
    if not osp.isdir(img_dir):
        raise FileNotFoundError(f'Cityscapes image folder {img_dir} does not '
                                'exist')
    files = glob.glob(osp.join(img_dir, '*', '*' + CITYSCAPES_SUFFIX))
    stems = sorted(
        osp.relpath(f, img_dir)[:-len(CITYSCAPES_SUFFIX)] for f in files)
    return stems, lambda s: osp.join(data_root, 'gtFine', 'train',
                                     s + '_gtFine_labelTrainIds.png')


POOLS: Dict[str, Callable] = dict(
    camvid=camvid_pool,
    voc12aug=voc12aug_pool,
    voc_subset=voc_subset_pool,
    cityscapes=cityscapes_pool)


def split_name(fraction: Optional[float], num_labeled: Optional[int]) -> str:
    """'1-8' for 0.125, '0.3' for 0.3, '20' for a count of 20."""
    if num_labeled is not None:
        return str(num_labeled)
    exact = Fraction(fraction).limit_denominator(1000)
    if exact.numerator == 1 and abs(float(exact) - fraction) < 1e-9:
        return f'1-{exact.denominator}'
    return f'{fraction:g}'


def num_labeled_of(pool_size: int, fraction: Optional[float],
                   num_labeled: Optional[int]) -> int:
    if num_labeled is not None:
        if not 1 <= num_labeled < pool_size:
            raise ValueError(
                f'--num-labeled {num_labeled} must be between 1 and '
                f'{pool_size - 1} (the pool has {pool_size} images, at least '
                'one must stay unlabelled)')
        return num_labeled
    if not 0 < fraction < 1:
        raise ValueError(f'--fraction {fraction} must be in (0, 1)')
    count = round(pool_size * fraction)
    if not 1 <= count < pool_size:
        raise ValueError(f'--fraction {fraction} of {pool_size} images gives '
                         f'{count} labelled images; choose another fraction')
    return count


def make_split(pool: List[str], count: int,
               seed: int) -> Tuple[List[str], List[str]]:
    """Labelled = ``count`` ids drawn with ``random.Random(seed)``."""
    order = sorted(pool)
    random.Random(seed).shuffle(order)
    labeled = sorted(order[:count])
    unlabeled = sorted(order[count:])
    return labeled, unlabeled


def write_list(path: str, stems: List[str]) -> None:
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.writelines(s + '\n' for s in stems)
    os.replace(tmp, path)  # never leave a half-written list behind


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Write labelled/unlabelled lists for semi-supervised '
        'segmentation')
    parser.add_argument('dataset', choices=sorted(POOLS))
    parser.add_argument('data_root', help='dataset root, as in the config')
    amount = parser.add_mutually_exclusive_group(required=True)
    amount.add_argument(
        '--fraction', type=float, nargs='+',
        help='labelled fraction(s) in (0, 1), e.g. 0.0625 0.125 0.25 0.5')
    amount.add_argument(
        '--num-labeled', type=int, nargs='+',
        help='number(s) of labelled images')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--out-dir',
        help='parent folder of the split folders (default: '
        'DATA_ROOT/splits)')
    parser.add_argument(
        '--overwrite', action='store_true',
        help='replace existing list files (refused by default)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    pool, label_path = POOLS[args.dataset](args.data_root)
    if len(pool) < 2:
        raise ValueError(f'the {args.dataset} pool under {args.data_root} '
                         f'has {len(pool)} image(s); need at least 2')
    out_root = args.out_dir or osp.join(args.data_root, 'splits')
    requests = [(f, None) for f in args.fraction or []] + \
        [(None, n) for n in args.num_labeled or []]
    for fraction, num in requests:
        count = num_labeled_of(len(pool), fraction, num)
        labeled, unlabeled = make_split(pool, count, args.seed)
        missing = [label_path(s) for s in labeled
                   if not osp.isfile(label_path(s))]
        if missing:
            raise FileNotFoundError(
                f'{len(missing)} labelled image(s) have no label file, e.g. '
                f'{missing[0]}')
        out_dir = osp.join(out_root, split_name(fraction, num))
        targets = [osp.join(out_dir, n)
                   for n in ('labeled.txt', 'unlabeled.txt')]
        existing = [t for t in targets if osp.exists(t)]
        if existing and not args.overwrite:
            raise FileExistsError(
                f'{existing[0]} exists; pass --overwrite to replace it')
        os.makedirs(out_dir, exist_ok=True)
        write_list(targets[0], labeled)
        write_list(targets[1], unlabeled)
        print(f'{args.dataset}: {len(labeled)} labelled / {len(unlabeled)} '
              f'unlabelled (seed {args.seed}) -> {out_dir}')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (FileNotFoundError, FileExistsError, ValueError) as err:
        sys.exit(f'split_dataset.py: error: {err}')
