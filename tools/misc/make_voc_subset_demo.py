"""Build the small VOC-subset copy bundled in ``data/voc_subset_demo``.

Keeps the labelled images of one benchmark split, every ``--step``-th of
its unlabelled images (a seed-free spread; their masks are left out,
as an unlabelled set has none) and all val images of the VOC
subset (../shared/data/voc_subset) and writes the VOC layout MMSeg's
PascalVOCDataset reads. At ``--scale 1`` (the default, the bundled copy)
the subset's files are copied byte for byte, so the demo trains and
validates on the benchmark's own images; another ``--scale`` resizes
them (e.g. 2/3: longer side 320 -> 213 px; images with area
interpolation saved as JPEG at ``--quality``, palette masks with nearest
neighbour saved as palette PNG, so 255 stays the ignore index)::

    OUT/JPEGImages/*.jpg  OUT/SegmentationClass/*.png
    OUT/train.txt  OUT/val.txt  OUT/splits/<split>/{labeled,unlabeled}.txt

Example (the bundled copy)::

    python tools/misc/make_voc_subset_demo.py ../shared/data/voc_subset \
        data/voc_subset_demo --split-dir data/voc_subset/splits/92 --step 3
"""
import argparse
import os
import os.path as osp
import shutil

import cv2
from mmengine.utils import track_iter_progress
from PIL import Image


def read_stems(path: str) -> list:
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def write_stems(path: str, stems: list) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.writelines(s + '\n' for s in stems)


def scaled_size(width: int, height: int, scale: float) -> tuple:
    return round(width * scale), round(height * scale)


def convert_image(src: str, dst: str, stem: str, scale: float,
                  quality: int, with_mask: bool = True) -> None:
    """Image ``stem`` (and its palette mask if ``with_mask``), scaled by
    ``scale`` (copied unchanged at scale 1)."""
    img_path = osp.join(src, 'JPEGImages', stem + '.jpg')
    ann_path = osp.join(src, 'SegmentationClass', stem + '.png')
    img = cv2.imread(img_path, cv2.IMREAD_COLOR)
    if img is None:
        raise FileNotFoundError(f'cannot read {img_path}')
    if with_mask and not osp.isfile(ann_path):
        raise FileNotFoundError(f'cannot read {ann_path}')
    out_path = osp.join(dst, 'JPEGImages', stem + '.jpg')
    if scale == 1:
        shutil.copyfile(img_path, out_path)
    else:
        size = scaled_size(img.shape[1], img.shape[0], scale)
        img = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
        cv2.imwrite(out_path, img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if with_mask:
        convert_mask(ann_path,
                     osp.join(dst, 'SegmentationClass', stem + '.png'),
                     scale)


def convert_mask(ann_path: str, out_path: str, scale: float) -> None:
    """The palette mask ``ann_path`` nearest-resized by ``scale`` (copied
    unchanged at scale 1), still a palette PNG."""
    with Image.open(ann_path) as ann:
        if ann.mode != 'P':
            raise ValueError(f'{ann_path}: expected a palette PNG (mode P), '
                             f'got mode {ann.mode}')
        if scale == 1:
            shutil.copyfile(ann_path, out_path)
            return
        small = ann.resize(scaled_size(*ann.size, scale), Image.NEAREST)
        small.putpalette(ann.getpalette())
        small.save(out_path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='VOC-subset root (JPEGImages/, ...)')
    parser.add_argument('dst', help='output folder')
    parser.add_argument(
        '--split-dir', required=True,
        help='folder with the benchmark split\'s labeled.txt/unlabeled.txt')
    parser.add_argument('--step', type=int, default=3,
                        help='keep every step-th unlabelled image')
    parser.add_argument(
        '--scale', type=float, default=1.0,
        help='image scale; 1 (default) copies the files unchanged')
    parser.add_argument('--quality', type=int, default=85)
    args = parser.parse_args(argv)

    labeled = read_stems(osp.join(args.split_dir, 'labeled.txt'))
    unlabeled = read_stems(osp.join(args.split_dir,
                                    'unlabeled.txt'))[::args.step]
    val = read_stems(osp.join(args.src, 'val.txt'))
    for sub in ('JPEGImages', 'SegmentationClass'):
        os.makedirs(osp.join(args.dst, sub), exist_ok=True)
    masked = set(labeled + val)
    for stem in track_iter_progress(labeled + unlabeled + val):
        convert_image(args.src, args.dst, stem, args.scale, args.quality,
                      with_mask=stem in masked)
    split = osp.join(args.dst, 'splits',
                     osp.basename(osp.normpath(args.split_dir)))
    write_stems(osp.join(split, 'labeled.txt'), labeled)
    write_stems(osp.join(split, 'unlabeled.txt'), unlabeled)
    write_stems(osp.join(args.dst, 'train.txt'), labeled + unlabeled)
    write_stems(osp.join(args.dst, 'val.txt'), val)
    print(f'{len(labeled)} labelled + {len(unlabeled)} unlabelled train, '
          f'{len(val)} val images -> {args.dst}')
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
