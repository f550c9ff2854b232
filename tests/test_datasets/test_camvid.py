"""CamVidDataset on the bundled demo split (data/camvid_demo)."""
import os.path as osp

import cv2
import numpy as np
import pytest
from mmcv.transforms import LoadImageFromFile

from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import DATASETS
from mmseg_semi.datasets import CamVidDataset

CLASSES = ('sky', 'building', 'pole', 'road', 'pavement', 'tree',
           'signsymbol', 'fence', 'car', 'pedestrian', 'bicyclist')


def build_val(root, **kwargs):
    cfg = dict(
        type='CamVidDataset',
        data_root=root,
        img_suffix='.jpg',
        data_prefix=dict(img_path='val', seg_map_path='valannot'),
        ann_file='val.txt',
        pipeline=[dict(type='LoadImageFromFile'),
                  dict(type='LoadAnnotations')])
    cfg.update(kwargs)
    return DATASETS.build(cfg)


def count_lines(path):
    with open(path) as f:
        return len([line for line in f if line.strip()])


def test_registered():
    assert DATASETS.get('CamVidDataset') is CamVidDataset


def test_metainfo_11_classes(camvid_demo_root):
    dataset = build_val(camvid_demo_root)
    assert dataset.metainfo['classes'] == CLASSES
    assert len(dataset.metainfo['palette']) == 11
    assert len(dataset) == count_lines(osp.join(camvid_demo_root, 'val.txt'))
    # void (11) is mapped to the ignore index, the classes are kept
    assert dataset.label_map == {11: 255}


def test_split_lists_match_dataset_sizes(camvid_demo_root):
    for split in ('labeled', 'unlabeled'):
        ann = osp.join('splits', '1-8', f'{split}.txt')
        dataset = DATASETS.build(
            dict(
                type='CamVidDataset',
                data_root=camvid_demo_root,
                img_suffix='.jpg',
                data_prefix=dict(img_path='train', seg_map_path='trainannot'),
                ann_file=ann,
                pipeline=[]))
        assert len(dataset) == count_lines(osp.join(camvid_demo_root, ann))
        info = dataset[0]
        assert info['img_path'].endswith('.jpg')
        assert osp.isfile(info['img_path'])
        assert osp.isfile(info['seg_map_path'])


def test_void_becomes_ignore_and_classes_are_kept(camvid_demo_root):
    dataset = build_val(camvid_demo_root)
    found_void = False
    for idx in range(3):
        results = dataset[idx]
        raw = cv2.imread(results['seg_map_path'], cv2.IMREAD_UNCHANGED)
        assert raw.dtype == np.uint8 and raw.ndim == 2
        gt = results['gt_seg_map']
        assert gt.shape == raw.shape == results['img'].shape[:2]
        void = raw == 11
        found_void |= bool(void.any())
        assert (gt[void] == 255).all()
        assert np.array_equal(gt[~void], raw[~void])
        assert set(np.unique(gt)) <= set(range(11)) | {255}
    assert found_void, 'the demo labels should contain void pixels'


def test_class_subset_composes_with_void(camvid_demo_root):
    dataset = build_val(
        camvid_demo_root, metainfo=dict(classes=('sky', 'road')))
    results = dataset[0]
    raw = cv2.imread(results['seg_map_path'], cv2.IMREAD_UNCHANGED)
    gt = results['gt_seg_map']
    assert (gt[raw == 0] == 0).all()  # sky stays 0
    assert (gt[raw == 3] == 1).all()  # road becomes 1
    assert (gt[raw == 11] == 255).all()  # void
    assert (gt[(raw != 0) & (raw != 3)] == 255).all()  # other classes
    assert dataset.metainfo['classes'] == ('sky', 'road')
    assert [list(c) for c in dataset.metainfo['palette']] == [[128, 128, 128],
                                                              [128, 64, 128]]


def test_missing_image_named_in_error(camvid_demo_root, tmp_path):
    stems = open(osp.join(camvid_demo_root, 'val.txt')).read().split()
    ann = tmp_path / 'list.txt'
    ann.write_text(f'{stems[0]}\ndoes_not_exist_42\n')
    with pytest.raises(FileNotFoundError) as err:
        build_val(camvid_demo_root, ann_file=str(ann))
    expected = osp.join(camvid_demo_root, 'val', 'does_not_exist_42.jpg')
    assert expected in str(err.value)
    # the existing image is not reported
    assert f'{stems[0]}.jpg' not in str(err.value)
    # its label is reported too
    assert osp.join(camvid_demo_root, 'valannot',
                    'does_not_exist_42.png') in str(err.value)


def test_missing_ann_file_named_in_error(camvid_demo_root):
    with pytest.raises(FileNotFoundError, match='no_such_list.txt'):
        build_val(camvid_demo_root, ann_file='splits/no_such_list.txt')


def test_load_matches_mmcv_loading(camvid_demo_root):
    """The pipeline output is the same as loading by hand."""
    dataset = build_val(camvid_demo_root)
    results = dataset[1]
    manual = LoadImageFromFile()(dict(img_path=results['img_path']))
    assert np.array_equal(manual['img'], results['img'])
    manual = LoadAnnotations()(
        dict(seg_map_path=results['seg_map_path'], label_map={11: 255},
             reduce_zero_label=False, seg_fields=[]))
    assert np.array_equal(manual['gt_seg_map'], results['gt_seg_map'])


def test_tags_dataset_shifts_classes_behind_none(camvid_demo_root):
    """CamVidTagsDataset: class 0 'none' (WSSS's constant channel), the 11
    classes at 1-11, void ignored; its loaded labels are the plain
    dataset's + 1."""
    plain = build_val(camvid_demo_root)
    tags = build_val(camvid_demo_root, type='CamVidTagsDataset')
    assert tags.metainfo['classes'] == ('none', ) + CLASSES
    assert len(tags.metainfo['palette']) == 12
    plain_gt = plain[0]['gt_seg_map']
    tags_gt = tags[0]['gt_seg_map']
    labelled = plain_gt != 255
    assert labelled.any()
    assert np.array_equal(tags_gt[labelled], plain_gt[labelled] + 1)
    assert (tags_gt[~labelled] == 255).all()
    assert 0 not in np.unique(tags_gt)
    with pytest.raises(ValueError, match='class subset'):
        build_val(camvid_demo_root, type='CamVidTagsDataset',
                  metainfo=dict(classes=('sky', 'road')))
