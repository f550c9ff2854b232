"""Build the small CamVid copy bundled in ``data/camvid_demo``.

Takes every ``--step``-th frame of CamVid train and val (a spread over all
driving sequences), halves the resolution (480x360 -> 240x180; images with
area interpolation saved as JPEG, labels with nearest neighbour saved as
PNG) and writes the MMSeg layout::

    OUT/train/*.jpg  OUT/trainannot/*.png  OUT/train.txt
    OUT/val/*.jpg    OUT/valannot/*.png    OUT/val.txt

Example::

    python tools/misc/make_camvid_demo.py ../shared/data/camvid \
        data/camvid_demo --step 2
"""
import argparse
import os
import os.path as osp

import cv2
from mmengine.utils import track_iter_progress


def read_stems(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def convert_split(src, dst, split, step, scale, quality):
    stems = read_stems(osp.join(src, f'{split}.txt'))[::step]
    for sub in (split, f'{split}annot'):
        os.makedirs(osp.join(dst, sub), exist_ok=True)
    for stem in track_iter_progress(stems):
        img_path = osp.join(src, split, stem + '.png')
        ann_path = osp.join(src, f'{split}annot', stem + '.png')
        img = cv2.imread(img_path, cv2.IMREAD_COLOR)
        ann = cv2.imread(ann_path, cv2.IMREAD_UNCHANGED)
        if img is None or ann is None:
            raise FileNotFoundError(
                f'cannot read {img_path if img is None else ann_path}')
        size = (round(img.shape[1] * scale), round(img.shape[0] * scale))
        img = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
        ann = cv2.resize(ann, size, interpolation=cv2.INTER_NEAREST)
        cv2.imwrite(
            osp.join(dst, split, stem + '.jpg'), img,
            [cv2.IMWRITE_JPEG_QUALITY, quality])
        cv2.imwrite(osp.join(dst, f'{split}annot', stem + '.png'), ann)
    with open(osp.join(dst, f'{split}.txt'), 'w') as f:
        f.writelines(s + '\n' for s in stems)
    return len(stems)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='CamVid root (train/, trainannot/, ...)')
    parser.add_argument('dst', help='output folder')
    parser.add_argument('--step', type=int, default=2)
    parser.add_argument('--scale', type=float, default=0.5)
    parser.add_argument('--quality', type=int, default=90)
    args = parser.parse_args()
    for split in ('train', 'val'):
        n = convert_split(args.src, args.dst, split, args.step, args.scale,
                          args.quality)
        print(f'{split}: {n} frames -> {args.dst}')


if __name__ == '__main__':
    main()
