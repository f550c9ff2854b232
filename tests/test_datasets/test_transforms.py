"""MultiBranch, LoadEmptySegAnnotation, ColorJitter, RandomGaussianBlur."""
import copy

import cv2
import numpy as np
import pytest
import torch
from mmcv.transforms import Compose

from mmseg.registry import TRANSFORMS
from mmseg.structures import SegDataSample
from mmseg_semi.datasets import (ColorJitter, LoadEmptySegAnnotation,
                                 MultiBranch, RandomGaussianBlur)
from mmseg_semi.datasets.transforms import photometric

BRANCHES = ['sup', 'unsup_weak', 'unsup_strong']


def make_results(h=24, w=32, seed=0, with_gt=True):
    rng = np.random.RandomState(seed)
    results = dict(
        img=rng.randint(0, 256, (h, w, 3)).astype(np.uint8),
        img_path=f'img_{seed}.jpg',
        ori_shape=(h, w),
        img_shape=(h, w),
        seg_fields=[])
    if with_gt:
        results['gt_seg_map'] = rng.randint(0, 5, (h, w)).astype(np.uint8)
        results['seg_fields'] = ['gt_seg_map']
        results['seg_map_path'] = f'ann_{seed}.png'
        results['reduce_zero_label'] = False
    return results


def zero_image_in_place(results):
    """A (bad) transform that writes into the image array in place."""
    results['img'][...] = 0
    return results


# -------------------------------------------------------------- MultiBranch
def test_multibranch_structure_and_none_for_missing_views():
    transform = TRANSFORMS.build(
        dict(
            type='MultiBranch',
            branch_field=BRANCHES,
            sup=dict(type='PackSegInputs')))
    assert isinstance(transform, MultiBranch)
    packed = transform(make_results())
    assert set(packed) == {'inputs', 'data_samples'}
    assert list(packed['inputs']) == BRANCHES
    assert list(packed['data_samples']) == BRANCHES
    assert isinstance(packed['inputs']['sup'], torch.Tensor)
    assert packed['inputs']['sup'].shape == (3, 24, 32)
    assert isinstance(packed['data_samples']['sup'], SegDataSample)
    assert packed['data_samples']['sup'].gt_sem_seg.data.shape == (1, 24, 32)
    for view in ('unsup_weak', 'unsup_strong'):
        assert packed['inputs'][view] is None
        assert packed['data_samples'][view] is None


def test_multibranch_list_pipelines_and_image_content():
    results = make_results(with_gt=False)
    transform = MultiBranch(
        branch_field=BRANCHES,
        unsup_weak=[dict(type='PackSegInputs')],
        unsup_strong=[dict(type='PackSegInputs')])
    packed = transform(copy.deepcopy(results))
    expected = torch.from_numpy(results['img']).permute(2, 0, 1)
    for view in ('unsup_weak', 'unsup_strong'):
        assert torch.equal(packed['inputs'][view], expected)
    assert packed['inputs']['sup'] is None


def test_multibranch_unknown_branch_raises():
    with pytest.raises(ValueError, match='unsup_strnog'):
        MultiBranch(
            branch_field=BRANCHES,
            unsup_strnog=[dict(type='PackSegInputs')])
    with pytest.raises(ValueError, match='at least one'):
        MultiBranch(branch_field=BRANCHES)


def test_multibranch_branches_get_independent_copies():
    results = make_results()
    original = results['img'].copy()
    transform = MultiBranch(
        branch_field=BRANCHES,
        unsup_weak=[zero_image_in_place, dict(type='PackSegInputs')],
        unsup_strong=[dict(type='PackSegInputs')])
    packed = transform(results)
    assert packed['inputs']['unsup_weak'].abs().sum() == 0
    assert torch.equal(packed['inputs']['unsup_strong'],
                       torch.from_numpy(original).permute(2, 0, 1))
    # the input sample is not modified either
    assert np.array_equal(results['img'], original)


def test_multibranch_propagates_a_rejected_sample():
    transform = MultiBranch(
        branch_field=BRANCHES,
        unsup_weak=[lambda results: None, dict(type='PackSegInputs')],
        unsup_strong=[dict(type='PackSegInputs')])
    assert transform(make_results()) is None


def test_geometry_before_multibranch_is_shared():
    """Weak and strong views share geometry and the label map; only the
    strong view's pixel values change."""
    pipeline = Compose([
        dict(
            type='RandomResize',
            scale=(40, 30),
            ratio_range=(0.75, 1.5),
            keep_ratio=True),
        dict(type='RandomCrop', crop_size=(20, 24)),
        dict(type='RandomFlip', prob=0.5),
        dict(
            type='MultiBranch',
            branch_field=BRANCHES,
            unsup_weak=dict(type='PackSegInputs'),
            unsup_strong=[
                dict(type='ColorJitter', prob=1.0),
                dict(type='RandomGaussianBlur', prob=1.0),
                dict(type='PackSegInputs')
            ]),
    ])
    for seed in range(4):
        packed = pipeline(make_results(seed=seed))
        weak = packed['data_samples']['unsup_weak']
        strong = packed['data_samples']['unsup_strong']
        assert torch.equal(weak.gt_sem_seg.data, strong.gt_sem_seg.data)
        assert weak.img_shape == strong.img_shape == (20, 24)
        assert weak.flip == strong.flip
        assert packed['inputs']['unsup_weak'].shape == \
            packed['inputs']['unsup_strong'].shape
        assert not torch.equal(packed['inputs']['unsup_weak'],
                               packed['inputs']['unsup_strong'])


def test_multibranch_repr():
    transform = MultiBranch(
        branch_field=BRANCHES, sup=dict(type='PackSegInputs'))
    assert 'sup' in repr(transform) and 'unsup_strong' in repr(transform)


# ---------------------------------------------------- LoadEmptySegAnnotation
def test_load_empty_seg_annotation_fills_254():
    results = make_results(h=13, w=17, with_gt=False)
    del results['seg_fields']
    out = TRANSFORMS.build(dict(type='LoadEmptySegAnnotation'))(results)
    gt = out['gt_seg_map']
    assert gt.shape == (13, 17) and gt.dtype == np.uint8
    assert (gt == 254).all()
    assert out['seg_fields'] == ['gt_seg_map']


def test_load_empty_seg_annotation_replaces_loaded_labels(tmp_path):
    rng = np.random.RandomState(0)
    img = rng.randint(0, 256, (10, 12, 3)).astype(np.uint8)
    label = rng.randint(0, 5, (10, 12)).astype(np.uint8)
    cv2.imwrite(str(tmp_path / 'a.png'), img)
    cv2.imwrite(str(tmp_path / 'a_label.png'), label)
    pipeline = Compose([
        dict(type='LoadImageFromFile'),
        dict(type='LoadAnnotations'),
        dict(type='LoadEmptySegAnnotation'),
    ])
    out = pipeline(
        dict(
            img_path=str(tmp_path / 'a.png'),
            seg_map_path=str(tmp_path / 'a_label.png'),
            reduce_zero_label=False,
            seg_fields=[]))
    assert (out['gt_seg_map'] == 254).all()
    assert out['gt_seg_map'].shape == (10, 12)
    assert out['seg_fields'].count('gt_seg_map') == 1


def test_load_empty_then_padding_is_told_apart():
    """After a crop larger than the image, padding is 255, content 254."""
    pipeline = Compose([
        dict(type='LoadEmptySegAnnotation'),
        # mmcv's Pad takes size as (w, h)
        dict(type='Pad', size=(20, 16), pad_val=dict(img=0, seg=255)),
    ])
    out = pipeline(make_results(h=10, w=12, with_gt=False))
    gt = out['gt_seg_map']
    assert gt.shape == (16, 20)
    assert (gt[:10, :12] == 254).all()
    assert (gt[10:] == 255).all() and (gt[:, 12:] == 255).all()


def test_load_empty_seg_annotation_custom_fill_and_errors():
    out = LoadEmptySegAnnotation(fill_value=0)(make_results(with_gt=False))
    assert (out['gt_seg_map'] == 0).all()
    with pytest.raises(ValueError, match='255'):
        LoadEmptySegAnnotation(fill_value=255)
    with pytest.raises(ValueError):
        LoadEmptySegAnnotation(fill_value=-1)
    with pytest.raises(KeyError, match='LoadImageFromFile'):
        LoadEmptySegAnnotation()(dict(img_path='x.png'))


# ------------------------------------------------------------- ColorJitter
def fixed_uniform(value, calls=None):
    def uniform(low=0.0, high=1.0, size=None):
        if calls is not None:
            calls.append((low, high))
        return value

    return uniform


def test_colorjitter_prob_zero_is_identity():
    results = make_results()
    original = results['img'].copy()
    out = ColorJitter(prob=0.0)(results)
    assert np.array_equal(out['img'], original)


def test_colorjitter_brightness_exact(monkeypatch):
    calls = []
    monkeypatch.setattr(photometric.np.random, 'uniform',
                        fixed_uniform(1.4, calls))
    results = make_results()
    img = results['img'].copy()
    transform = ColorJitter(
        brightness=0.5, contrast=0, saturation=0, hue=0, prob=1.0)
    out = transform(results)
    expected = np.clip(img.astype(np.float32) * 1.4, 0, 255).astype(np.uint8)
    assert np.array_equal(out['img'], expected)
    assert calls == [(0.5, 1.5)]  # torchvision's range [1 - b, 1 + b]
    assert out['img'].dtype == np.uint8
    assert (out['img'] == 255).any()  # clipping happened


def test_colorjitter_contrast_factor_zero_gives_mean_gray(monkeypatch):
    monkeypatch.setattr(photometric.np.random, 'uniform',
                        fixed_uniform(0.0))
    img = make_results()['img']
    out = ColorJitter(
        brightness=0, contrast=1.0, saturation=0, hue=0,
        prob=1.0)(dict(img=img.copy()))
    luma = (img.astype(np.float32) @ np.array([0.114, 0.587, 0.299],
                                              dtype=np.float32)).mean()
    assert (out['img'] == np.uint8(luma)).all()


def test_colorjitter_saturation_zero_gives_gray(monkeypatch):
    monkeypatch.setattr(photometric.np.random, 'uniform',
                        fixed_uniform(0.0))
    img = make_results()['img']
    out = ColorJitter(
        brightness=0, contrast=0, saturation=1.0, hue=0,
        prob=1.0)(dict(img=img.copy()))['img']
    assert out.shape == img.shape and out.dtype == np.uint8
    assert np.array_equal(out[..., 0], out[..., 1])
    assert np.array_equal(out[..., 1], out[..., 2])
    # the gray level is the BGR luma
    luma = img.astype(np.float32) @ np.array([0.114, 0.587, 0.299],
                                             dtype=np.float32)
    assert np.abs(out[..., 0].astype(np.float32) - luma).max() <= 1


def test_colorjitter_hue_half_turn_twice_is_identity(monkeypatch):
    monkeypatch.setattr(photometric.np.random, 'uniform',
                        fixed_uniform(0.5))
    transform = ColorJitter(
        brightness=0, contrast=0, saturation=0, hue=0.5, prob=1.0)
    img = make_results(h=32, w=32)['img']
    once = transform(dict(img=img.copy()))['img']
    twice = transform(dict(img=once.copy()))['img']
    diff_once = np.abs(once.astype(np.int32) - img).mean()
    diff_twice = np.abs(twice.astype(np.int32) - img)
    assert diff_once > 30  # a half turn really changes the colours
    assert diff_twice.mean() < 3  # HSV round trip is lossy in uint8
    assert diff_twice.max() <= 16
    assert once.shape == img.shape and once.dtype == np.uint8


def test_colorjitter_random_draws_keep_shape_and_dtype():
    transform = ColorJitter(prob=1.0)
    img = make_results()['img']
    changed = 0
    for _ in range(5):
        out = transform(dict(img=img.copy()))['img']
        assert out.shape == img.shape and out.dtype == np.uint8
        changed += not np.array_equal(out, img)
    assert changed == 5


@pytest.mark.parametrize('kwargs', [
    dict(brightness=-0.1),
    dict(contrast=-1),
    dict(saturation=-0.5),
    dict(hue=0.6),
    dict(hue=-0.1),
    dict(prob=1.5),
])
def test_colorjitter_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        ColorJitter(**kwargs)


# ------------------------------------------------------- RandomGaussianBlur
def test_blur_prob_zero_is_identity():
    img = make_results()['img']
    out = RandomGaussianBlur(prob=0.0)(dict(img=img.copy()))['img']
    assert np.array_equal(out, img)


def test_blur_reduces_variance():
    img = make_results(h=32, w=32)['img']
    transform = TRANSFORMS.build(
        dict(type='RandomGaussianBlur', sigma_range=(1.0, 2.0), prob=1.0))
    out = transform(dict(img=img.copy()))['img']
    assert out.shape == img.shape and out.dtype == np.uint8
    assert out.astype(np.float64).var() < 0.5 * img.astype(np.float64).var()


def test_blur_sigma_drawn_from_range(monkeypatch):
    calls = []
    monkeypatch.setattr(photometric.np.random, 'uniform',
                        fixed_uniform(1.5, calls))
    img = make_results()['img']
    out = RandomGaussianBlur(sigma_range=(0.5, 3.0),
                             prob=1.0)(dict(img=img.copy()))['img']
    assert calls == [(0.5, 3.0)]
    expected = cv2.GaussianBlur(img, (0, 0), sigmaX=1.5, sigmaY=1.5)
    assert np.array_equal(out, expected)


@pytest.mark.parametrize('sigma_range', [(0, 1), (2, 1), (1, )])
def test_blur_rejects_bad_sigma_range(sigma_range):
    with pytest.raises(ValueError):
        RandomGaussianBlur(sigma_range=sigma_range)


def test_load_image_level_labels_lists_the_present_classes():
    results = make_results(h=4, w=4, with_gt=False)
    results['gt_seg_map'] = np.array(
        [[0, 0, 3, 3], [0, 255, 3, 3], [7, 7, 255, 0], [0, 0, 0, 0]],
        dtype=np.uint8)
    results['seg_map_path'] = 'masks/a.png'
    out = TRANSFORMS.build(
        dict(type='LoadImageLevelLabels', num_classes=8))(results)
    assert out['gt_label'].tolist() == [0, 3, 7]  # 255 left out
    assert out['gt_label'].dtype == np.int64
    with pytest.raises(ValueError, match=r'\[7\] in masks/a\.png'):
        TRANSFORMS.build(
            dict(type='LoadImageLevelLabels', num_classes=5))(results)
    with pytest.raises(KeyError, match='after LoadAnnotations'):
        TRANSFORMS.build(dict(type='LoadImageLevelLabels', num_classes=5))(
            make_results(with_gt=False))


def test_image_level_labels_become_a_multi_label_target():
    """mmpretrain's data sample takes them as its multi-label target (what
    its PackInputs does with ``gt_label``)."""
    from mmpretrain.structures import DataSample

    results = make_results(h=4, w=4, with_gt=False)
    results['gt_seg_map'] = np.array([[0, 2], [2, 255]], dtype=np.uint8)
    out = TRANSFORMS.build(
        dict(type='LoadImageLevelLabels', num_classes=4))(results)
    sample = DataSample().set_gt_label(out['gt_label'])
    assert sample.gt_label.tolist() == [0, 2]


def test_image_level_labels_exclude_classes():
    """WSSS tags leave the background out."""
    results = make_results(h=4, w=4, with_gt=False)
    results['gt_seg_map'] = np.array([[0, 2], [5, 255]], dtype=np.uint8)
    out = TRANSFORMS.build(
        dict(type='LoadImageLevelLabels', num_classes=8,
             exclude_classes=(0, )))(results)
    assert out['gt_label'].tolist() == [2, 5]


def test_image_level_labels_from_a_tag_file(tmp_path):
    import json
    tag_file = tmp_path / 'tags.json'
    tag_file.write_text(json.dumps({'a': [3, 0, 3], 'b': [9]}))
    transform = TRANSFORMS.build(
        dict(type='LoadImageLevelLabels', num_classes=5,
             exclude_classes=(0, ), tag_file=str(tag_file)))
    out = transform(dict(img_path='imgs/a.jpg'))  # no mask needed
    assert out['gt_label'].tolist() == [3]
    with pytest.raises(ValueError, match=r'\[9\] in .*tags.json \(image b\)'):
        transform(dict(img_path='imgs/b.jpg'))
    with pytest.raises(KeyError, match="no tags for image 'c'"):
        transform(dict(img_path='imgs/c.png'))
    with pytest.raises(FileNotFoundError, match='missing.json'):
        TRANSFORMS.build(dict(type='LoadImageLevelLabels', num_classes=5,
                              tag_file=str(tmp_path / 'missing.json')))
