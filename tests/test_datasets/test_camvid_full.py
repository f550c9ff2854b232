"""The committed CamVid split lists against the full CamVid copy
(../shared/data/camvid next to the repository, or $MMSEG_SEMI_CAMVID)."""
import os
import os.path as osp

import numpy as np
import pytest

from mmseg.registry import DATASETS

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SPLITS = osp.join(REPO_ROOT, 'data', 'camvid', 'splits')


def _camvid_root():
    candidates = [
        os.environ.get('MMSEG_SEMI_CAMVID', ''),
        osp.join(REPO_ROOT, 'data', 'camvid'),
        osp.join(REPO_ROOT, '..', 'shared', 'data', 'camvid'),
    ]
    for root in candidates:
        if root and osp.isfile(osp.join(root, 'train.txt')) and \
                osp.isdir(osp.join(root, 'trainannot')):
            return osp.abspath(root)
    return None


CAMVID_ROOT = _camvid_root()
pytestmark = pytest.mark.skipif(
    CAMVID_ROOT is None,
    reason='full CamVid not found (../shared/data/camvid or '
    '$MMSEG_SEMI_CAMVID)')


def _read(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


@pytest.mark.parametrize('split,num_labeled', [('1-16', 23), ('1-8', 46),
                                               ('1-4', 92), ('1-2', 184)])
def test_committed_splits_partition_camvid_train(split, num_labeled):
    train = set(_read(osp.join(CAMVID_ROOT, 'train.txt')))
    labeled = _read(osp.join(SPLITS, split, 'labeled.txt'))
    unlabeled = _read(osp.join(SPLITS, split, 'unlabeled.txt'))
    assert len(labeled) == num_labeled == round(len(train) / int(
        split.split('-')[1]))
    assert not set(labeled) & set(unlabeled)
    assert set(labeled) | set(unlabeled) == train


def test_split_datasets_load_full_resolution_frames():
    labeled = DATASETS.build(
        dict(
            type='CamVidDataset',
            data_root=CAMVID_ROOT,
            data_prefix=dict(img_path='train', seg_map_path='trainannot'),
            ann_file=osp.join(SPLITS, '1-8', 'labeled.txt'),
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(type='LoadAnnotations')
            ]))
    unlabeled = DATASETS.build(
        dict(
            type='CamVidDataset',
            data_root=CAMVID_ROOT,
            data_prefix=dict(img_path='train'),
            ann_file=osp.join(SPLITS, '1-8', 'unlabeled.txt'),
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(type='LoadEmptySegAnnotation')
            ]))
    assert (len(labeled), len(unlabeled)) == (46, 321)
    sample = labeled[0]
    assert sample['img'].shape == (360, 480, 3)
    values = set(np.unique(sample['gt_seg_map']).tolist())
    assert values <= set(range(11)) | {255}
    empty = unlabeled[0]['gt_seg_map']
    assert empty.shape == (360, 480) and (empty == 254).all()
