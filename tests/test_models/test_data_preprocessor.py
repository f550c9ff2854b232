"""MultiBranchSegDataPreProcessor: per-view normalisation and padding."""
import copy

import pytest
import torch

from mmseg.models import SegDataPreProcessor
from mmseg.registry import MODELS
from mmseg_semi.models import MultiBranchSegDataPreProcessor

MEAN = [10.0, 20.0, 30.0]
STD = [2.0, 4.0, 8.0]
SIZE = (12, 16)  # (h, w)


def wrapped_cfg(**kwargs):
    cfg = dict(
        type='SegDataPreProcessor',
        mean=MEAN,
        std=STD,
        bgr_to_rgb=False,
        pad_val=0,
        seg_pad_val=255,
        size=SIZE)
    cfg.update(kwargs)
    return cfg


def build(**kwargs):
    return MODELS.build(
        dict(
            type='MultiBranchSegDataPreProcessor',
            data_preprocessor=wrapped_cfg(**kwargs)))


def image(h, w, seed):
    gen = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (3, h, w), generator=gen, dtype=torch.uint8)


def sample(make_sample, h, w, value, name):
    return make_sample(
        torch.full((h, w), value), dict(img_path=name), size=(h, w))


def make_batch(make_sample):
    """Sample 0 labelled (sup), samples 1-2 unlabelled (weak + strong),
    nobody has 'extra'."""
    shapes = [(10, 16), (12, 14), (9, 11)]
    inputs = {'sup': [], 'unsup_weak': [], 'unsup_strong': [], 'extra': []}
    samples = {view: [] for view in inputs}
    for i, (h, w) in enumerate(shapes):
        labelled = i == 0
        inputs['sup'].append(image(h, w, i) if labelled else None)
        samples['sup'].append(
            sample(make_sample, h, w, 2, f'{i}') if labelled else None)
        for view, seed in (('unsup_weak', 10), ('unsup_strong', 20)):
            inputs[view].append(None if labelled else image(h, w, seed + i))
            samples[view].append(None if labelled else sample(
                make_sample, h, w, 254, f'{i}'))
        inputs['extra'].append(None)
        samples['extra'].append(None)
    return dict(inputs=inputs, data_samples=samples)


def test_builds_the_wrapped_preprocessor():
    preprocessor = build()
    assert isinstance(preprocessor, MultiBranchSegDataPreProcessor)
    assert isinstance(preprocessor.data_preprocessor, SegDataPreProcessor)


def test_per_view_normalisation_and_padding(make_sample):
    batch = make_batch(make_sample)
    raw = copy.deepcopy(batch)
    out = build()(batch, training=True)
    assert set(out) == {'inputs', 'data_samples'}
    # views nobody produced are left out, None samples dropped
    assert set(out['inputs']) == {'sup', 'unsup_weak', 'unsup_strong'}
    assert set(out['data_samples']) == set(out['inputs'])
    assert out['inputs']['sup'].shape == (1, 3, *SIZE)
    assert out['inputs']['unsup_weak'].shape == (2, 3, *SIZE)
    assert out['inputs']['unsup_strong'].shape == (2, 3, *SIZE)
    assert len(out['data_samples']['sup']) == 1
    assert len(out['data_samples']['unsup_weak']) == 2
    assert [s.img_path for s in out['data_samples']['unsup_strong']] == \
        ['1', '2']

    mean = torch.tensor(MEAN).view(3, 1, 1)
    std = torch.tensor(STD).view(3, 1, 1)
    for view in out['inputs']:
        kept = [x for x in raw['inputs'][view] if x is not None]
        for img, result in zip(kept, out['inputs'][view]):
            h, w = img.shape[-2:]
            expected = (img.float() - mean) / std
            assert torch.allclose(result[:, :h, :w], expected)
            assert (result[:, h:] == 0).all() and (result[:, :, w:] == 0).all()
        for src, result in zip(
            [s for s in raw['data_samples'][view] if s is not None],
                out['data_samples'][view]):
            h, w = src.gt_sem_seg.shape
            gt = result.gt_sem_seg.data
            assert gt.shape == (1, *SIZE)
            assert torch.equal(gt[:, :h, :w], src.gt_sem_seg.data)
            assert (gt[:, h:] == 255).all() and (gt[:, :, w:] == 255).all()


def test_equals_the_wrapped_preprocessor_per_view(make_sample):
    batch = make_batch(make_sample)
    multi = build(bgr_to_rgb=True)
    plain = MODELS.build(wrapped_cfg(bgr_to_rgb=True))
    out = multi(copy.deepcopy(batch), training=True)
    for view in out['inputs']:
        keep = [i for i, x in enumerate(batch['inputs'][view])
                if x is not None]
        expected = plain(
            dict(
                inputs=[batch['inputs'][view][i] for i in keep],
                data_samples=copy.deepcopy(
                    [batch['data_samples'][view][i] for i in keep])),
            training=True)
        assert torch.equal(out['inputs'][view], expected['inputs'])
        for a, b in zip(out['data_samples'][view],
                        expected['data_samples']):
            assert torch.equal(a.gt_sem_seg.data, b.gt_sem_seg.data)
            assert a.metainfo == b.metainfo


def test_eval_batches_go_to_the_wrapped_preprocessor(make_sample):
    data = dict(
        inputs=[image(*SIZE, 1), image(*SIZE, 2)],
        data_samples=[
            sample(make_sample, *SIZE, 1, 'a'),
            sample(make_sample, *SIZE, 0, 'b')
        ])
    out = build()(copy.deepcopy(data), training=False)
    expected = MODELS.build(wrapped_cfg())(copy.deepcopy(data), False)
    assert torch.equal(out['inputs'], expected['inputs'])
    assert [s.img_path for s in out['data_samples']] == ['a', 'b']
    mean = torch.tensor(MEAN).view(3, 1, 1)
    std = torch.tensor(STD).view(3, 1, 1)
    assert torch.allclose(out['inputs'][0],
                          (data['inputs'][0].float() - mean) / std)


def test_non_dict_training_batch_raises(make_sample):
    data = dict(
        inputs=[image(*SIZE, 1)],
        data_samples=[sample(make_sample, *SIZE, 1, 'a')])
    with pytest.raises(TypeError, match='MultiBranch'):
        build()(data, training=True)


def test_mixed_sources_collate_preprocess_and_train(tiny_seg_cfg):
    """Labelled and unlabelled MultiBranch samples -> pseudo_collate ->
    preprocessor -> MeanTeacherSegmentor.train_step."""
    import numpy as np
    from mmcv.transforms import Compose
    from mmengine.dataset import pseudo_collate
    from mmengine.optim import OptimWrapper

    branches = ['sup', 'unsup_weak', 'unsup_strong']
    sup_pipeline = Compose([
        dict(type='MultiBranch', branch_field=branches,
             sup=dict(type='PackSegInputs')),
    ])
    unsup_pipeline = Compose([
        dict(type='LoadEmptySegAnnotation'),
        dict(type='MultiBranch', branch_field=branches,
             unsup_weak=dict(type='PackSegInputs'),
             unsup_strong=[dict(type='ColorJitter', prob=1.0),
                           dict(type='PackSegInputs')]),
    ])
    rng = np.random.RandomState(0)

    def results(h, w, labelled):
        out = dict(
            img=rng.randint(0, 256, (h, w, 3)).astype(np.uint8),
            img_shape=(h, w), ori_shape=(h, w), seg_fields=[])
        if labelled:
            out['gt_seg_map'] = rng.randint(0, 3, (h, w)).astype(np.uint8)
            out['seg_fields'] = ['gt_seg_map']
        return out

    batch = pseudo_collate([
        sup_pipeline(results(32, 32, True)),
        sup_pipeline(results(30, 32, True)),
        unsup_pipeline(results(32, 28, False)),
        unsup_pipeline(results(32, 32, False)),
    ])
    assert batch['inputs']['sup'][2] is None
    assert batch['inputs']['unsup_weak'][0] is None

    model = MODELS.build(
        dict(type='MeanTeacherSegmentor', segmentor=tiny_seg_cfg()))
    model.train()
    data = model.data_preprocessor(copy.deepcopy(batch), training=True)
    assert {v: x.shape[0] for v, x in data['inputs'].items()} == {
        'sup': 2, 'unsup_weak': 2, 'unsup_strong': 2
    }
    weak_gt = data['data_samples']['unsup_weak'][0].gt_sem_seg.data
    assert (weak_gt[..., :28] == 254).all()
    assert (weak_gt[..., 28:] == 255).all()
    optim = OptimWrapper(
        torch.optim.SGD(
            [p for p in model.parameters() if p.requires_grad], lr=0.01))
    log_vars = model.train_step(batch, optim)
    assert torch.isfinite(log_vars['loss'])
    # conf_thr 0: every content pixel has a pseudo label; the 4 padded
    # columns of the 28-wide image are not content
    assert log_vars['unsup_mask_ratio'].item() == 1.0
