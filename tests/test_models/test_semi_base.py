"""SemiBaseSegmentor with a tiny EncoderDecoder (CPU, milliseconds)."""
import copy

import pytest
import torch
import torch.nn.functional as F
from mmengine.optim import OptimWrapper
from mmengine.runner.checkpoint import load_state_dict

from mmseg.models import EncoderDecoder, SegDataPreProcessor
from mmseg.registry import MODELS
from mmseg_semi.models import (MeanTeacherSegmentor,
                               MultiBranchSegDataPreProcessor,
                               SemiBaseSegmentor)

# The base holds no loss; its behaviour is tested through Mean Teacher,
# the method whose default loss (self-training from the teacher) it had.
SEGMENTOR_TYPES = ['MeanTeacherSegmentor']


@pytest.fixture
def build(tiny_seg_cfg):

    def _build(type='MeanTeacherSegmentor', num_classes=3, **kwargs):
        return MODELS.build(
            dict(type=type, segmentor=tiny_seg_cfg(num_classes), **kwargs))

    return _build


def loss_sum(losses):
    return sum(value for key, value in losses.items() if 'loss' in key)


def set_head_bias(segmentor, bias):
    """Make a sub-model predict ``argmax(bias)`` everywhere."""
    conv = segmentor.decode_head.conv_seg
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.copy_(torch.tensor(bias, dtype=torch.float))


# --------------------------------------------------------------- structure
def test_build_structure(build):
    model = build()
    assert isinstance(model, SemiBaseSegmentor)
    assert isinstance(model.student, EncoderDecoder)
    assert isinstance(model.teacher, EncoderDecoder)
    assert model.student is not model.teacher
    assert isinstance(model.data_preprocessor,
                      MultiBranchSegDataPreProcessor)
    assert isinstance(model.data_preprocessor.data_preprocessor,
                      SegDataPreProcessor)
    assert model.num_classes == 3
    assert model.predict_on == 'teacher'  # the frozen one by default
    assert model.align_corners is False
    # same architecture, independent parameters
    s_names = [n for n, _ in model.student.named_parameters()]
    t_names = [n for n, _ in model.teacher.named_parameters()]
    assert s_names == t_names
    assert model.student.decode_head.conv_seg.weight.data_ptr() != \
        model.teacher.decode_head.conv_seg.weight.data_ptr()


@pytest.mark.parametrize('type', SEGMENTOR_TYPES)
def test_teacher_frozen_and_kept_in_eval(build, type):
    model = build(type)
    assert all(not p.requires_grad for p in model.teacher.parameters())
    assert all(p.requires_grad for p in model.student.parameters())
    model.train()
    assert model.training and model.student.training
    assert all(m.training for m in model.student.modules())
    assert not any(m.training for m in model.teacher.modules())
    model.eval()
    assert not any(m.training for m in model.modules())
    model.train()  # as IterBasedTrainLoop does every iteration
    assert not any(m.training for m in model.teacher.modules())
    assert model.student.backbone.layer1[0].bn1.training


@pytest.mark.parametrize('type', SEGMENTOR_TYPES)
def test_gradient_only_reaches_the_student(build, semi_batch, type):
    model = build(type, semi_train_cfg=dict(conf_thr=0.0))
    model.train()
    teacher_buffers = {
        k: v.clone()
        for k, v in model.teacher.state_dict().items()
    }
    student_bn = model.student.backbone.stem[1].running_mean.clone()
    losses = model.loss(*semi_batch())
    loss_sum(losses).backward()
    assert all(p.grad is None for p in model.teacher.parameters())
    for name, param in model.student.named_parameters():
        assert param.grad is not None, name
        assert param.grad.abs().sum() > 0, name
    # the teacher (eval mode) did not update its BN statistics
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher_buffers[key]), key
    assert not torch.equal(model.student.backbone.stem[1].running_mean,
                           student_bn)


def test_unsup_gradient_reaches_the_student_only_through_strong_view(
        build, semi_batch):
    model = build()
    model.train()
    inputs, samples = semi_batch()
    for view in inputs:
        inputs[view].requires_grad_()
    loss_sum(model.loss(inputs, samples)).backward()
    assert inputs['sup'].grad.abs().sum() > 0
    assert inputs['unsup_strong'].grad.abs().sum() > 0
    assert inputs['unsup_weak'].grad is None  # pseudo labels: no gradient


# -------------------------------------------------------------------- loss
def test_loss_keys_are_prefixed(build, semi_batch):
    model = build()
    model.train()
    losses = model.loss(*semi_batch())
    assert set(losses) == {
        'sup_decode.loss_ce', 'sup_decode.acc_seg', 'unsup_loss_pseudo',
        'unsup_mask_ratio', 'unsup_weight'
    }


def test_weights_scale_only_loss_entries(build, semi_batch):
    model = build(semi_train_cfg=dict(conf_thr=0.0))
    model.train()
    batch = semi_batch()
    base = model.loss(*copy.deepcopy(batch))
    model.semi_train_cfg.update(sup_weight=0.25, unsup_weight=3.0)
    weighted = model.loss(*copy.deepcopy(batch))
    assert set(weighted) == set(base)
    assert torch.allclose(weighted['sup_decode.loss_ce'],
                          0.25 * base['sup_decode.loss_ce'])
    assert torch.allclose(weighted['unsup_loss_pseudo'],
                          3.0 * base['unsup_loss_pseudo'])
    assert base['unsup_loss_pseudo'] > 0
    # statistics are not scaled
    assert torch.equal(weighted['sup_decode.acc_seg'],
                       base['sup_decode.acc_seg'])
    assert torch.equal(weighted['unsup_mask_ratio'],
                       base['unsup_mask_ratio'])


def test_unsup_loss_is_self_training_from_the_teacher(build, semi_batch):
    """Teacher argmax on the weak view where confident, CE of the student
    on the strong view, divided by the number of content pixels."""
    model = build()
    model.train()
    with torch.no_grad():  # make the teacher differ from the student
        for param in model.teacher.parameters():
            param.add_(0.1 * torch.randn_like(param))
    inputs, samples = semi_batch(pad_rows=8)

    with torch.no_grad():
        t_logits = F.interpolate(
            model.teacher(inputs['unsup_weak'], mode='tensor'),
            size=inputs['unsup_weak'].shape[-2:],
            mode='bilinear',
            align_corners=False)
        s_logits = F.interpolate(
            model.student(inputs['unsup_strong'], mode='tensor'),
            size=inputs['unsup_strong'].shape[-2:],
            mode='bilinear',
            align_corners=False)
    conf, labels = t_logits.softmax(1).max(1)
    content = torch.ones_like(labels, dtype=torch.bool)
    content[:, -8:] = False  # the padded rows of the unlabelled samples
    thr = conf[content].median().item()  # keeps about half of the content
    model.semi_train_cfg.conf_thr = thr
    losses = model.loss(inputs, samples)
    keep = content & (conf >= thr)
    assert 0 < keep.sum() < content.sum(), 'choose thr to keep a part'
    pixel_ce = F.cross_entropy(s_logits, labels, reduction='none')
    expected = (pixel_ce * keep).sum() / content.sum()
    assert losses['unsup_loss_pseudo'].item() == pytest.approx(
        expected.item(), rel=1e-4)
    assert losses['unsup_mask_ratio'].item() == pytest.approx(
        (keep.sum() / content.sum()).item())


def test_sup_loss_is_mmseg_loss_of_the_student(build, semi_batch):
    model = build()
    model.train()
    inputs, samples = semi_batch()
    losses = model.loss(inputs, copy.deepcopy(samples))
    plain = model.student.loss(inputs['sup'], copy.deepcopy(samples['sup']))
    assert torch.allclose(losses['sup_decode.loss_ce'],
                          plain['decode.loss_ce'])


def test_train_step_updates_only_the_student(build, make_sample):
    """Raw MultiBranch batch -> preprocessor -> loss -> optimizer step."""
    model = build()
    optim = OptimWrapper(
        torch.optim.SGD(
            [p for p in model.parameters() if p.requires_grad], lr=0.1))
    gen = torch.Generator().manual_seed(0)

    def img():
        return torch.randint(
            0, 256, (3, 32, 32), generator=gen, dtype=torch.uint8)

    labelled = make_sample(torch.randint(0, 3, (32, 32), generator=gen))
    unlabelled = make_sample(torch.full((28, 32), 254))
    data = dict(
        inputs=dict(
            sup=[img(), None],
            unsup_weak=[None, img()[:, :28]],
            unsup_strong=[None, img()[:, :28]]),
        data_samples=dict(
            sup=[labelled, None],
            unsup_weak=[None, unlabelled],
            unsup_strong=[None, copy.deepcopy(unlabelled)]))
    teacher_before = copy.deepcopy(model.teacher.state_dict())
    student_before = copy.deepcopy(model.student.state_dict())
    model.train()
    log_vars = model.train_step(data, optim)
    assert {'loss', 'sup_decode.loss_ce', 'unsup_loss_pseudo',
            'unsup_mask_ratio'} <= set(log_vars)
    # conf_thr 0: every content pixel (28 rows, the 4 padded rows are
    # not content) has a pseudo label
    assert log_vars['unsup_mask_ratio'].item() == 1.0
    for key, value in model.teacher.state_dict().items():
        assert torch.equal(value, teacher_before[key]), key
    changed = [
        key for key, value in model.student.state_dict().items()
        if not torch.equal(value, student_before[key])
    ]
    assert 'decode_head.conv_seg.weight' in changed
    assert 'backbone.stem.0.weight' in changed


def test_labels_outside_classes_raise_with_the_file(build, make_sample):
    """Checked in the data preprocessor on CPU tensors, before the device
    (no sync in the training step)."""
    model = build()
    gt = torch.zeros(1, 32, 32, dtype=torch.long)
    gt[0, 0, :3] = 7  # num_classes = 3
    sample = make_sample(gt, dict(seg_map_path='ann/bad_frame.png'))
    batch = dict(
        inputs=dict(sup=[torch.zeros(3, 32, 32, dtype=torch.uint8)]),
        data_samples=dict(sup=[sample]))
    with pytest.raises(ValueError) as err:
        model.data_preprocessor(batch, training=True)
    assert 'ann/bad_frame.png' in str(err.value)
    assert '[7]' in str(err.value)


def test_unlabelled_views_are_not_label_checked(build, make_sample):
    model = build()
    gt = torch.full((1, 32, 32), 254, dtype=torch.long)
    batch = dict(
        inputs=dict(unsup_weak=[torch.zeros(3, 32, 32, dtype=torch.uint8)]),
        data_samples=dict(unsup_weak=[make_sample(gt)]))
    out = model.data_preprocessor(batch, training=True)
    assert out['inputs']['unsup_weak'].shape == (1, 3, 32, 32)


def test_base_has_no_loss(tiny_seg_cfg, semi_batch):
    model = MODELS.build(
        dict(type='SemiBaseSegmentor', segmentor=tiny_seg_cfg()))
    with pytest.raises(TypeError, match='use a method'):
        model.loss(*semi_batch())


@pytest.mark.parametrize('where', ['seg_pad_val', 'decode_head'])
def test_ignore_convention_checked_at_build(tiny_seg_cfg, where):
    """Padding, the heads' ignore_index and the pseudo-label losses must
    all use 255 (LoadEmptySegAnnotation's 254 marks content)."""
    cfg = tiny_seg_cfg()
    if where == 'seg_pad_val':
        cfg.data_preprocessor.seg_pad_val = 0
    else:
        cfg.decode_head.ignore_index = 254
    with pytest.raises(ValueError, match='255') as err:
        MODELS.build(dict(type='CPSSegmentor', segmentor=cfg))
    assert ('seg_pad_val=0' if where == 'seg_pad_val' else
            'decode_head.ignore_index=254') in str(err.value)


def test_load_empty_annotation_rejects_the_ignore_value():
    from mmseg.registry import TRANSFORMS
    with pytest.raises(ValueError, match='255'):
        TRANSFORMS.build(dict(type='LoadEmptySegAnnotation', fill_value=255))


def test_ignore_index_labels_are_accepted(build, semi_batch):
    model = build()
    model.train()
    inputs, samples = semi_batch()
    samples['sup'][0].gt_sem_seg.data[:] = 255
    losses = model.loss(inputs, samples)
    assert torch.isfinite(losses['sup_decode.loss_ce'])


@pytest.mark.parametrize('missing', ['sup', 'unsup_weak', 'unsup_strong'])
def test_missing_view_raises_naming_it(build, semi_batch, missing):
    model = build()
    inputs, samples = semi_batch()
    del inputs[missing], samples[missing]
    with pytest.raises(KeyError) as err:
        model.loss(inputs, samples)
    assert repr(missing) in str(err.value)


def test_unlabelled_sample_without_gt_raises(build, semi_batch):
    model = build()
    model.train()
    inputs, samples = semi_batch()
    del samples['unsup_weak'][0].gt_sem_seg
    with pytest.raises(KeyError, match='LoadEmptySegAnnotation'):
        model.loss(inputs, samples)


# --------------------------------------------------------------- inference
def predict_batch(make_sample, n=2):
    inputs = torch.randn(n, 3, 32, 32)
    samples = [make_sample() for _ in range(n)]
    return inputs, samples


@pytest.mark.parametrize('predict_on', ['teacher', 'student'])
def test_predict_dispatches_to_the_chosen_submodel(build, make_sample,
                                                   predict_on):
    model = build(semi_test_cfg=dict(predict_on=predict_on))
    assert model.predict_on == predict_on
    set_head_bias(model.teacher, [0.0, 5.0, 0.0])
    set_head_bias(model.student, [0.0, 0.0, 5.0])
    expected_class = 1 if predict_on == 'teacher' else 2
    model.eval()
    inputs, samples = predict_batch(make_sample)
    with torch.no_grad():
        results = model.predict(inputs, copy.deepcopy(samples))
        via_forward = model(inputs, copy.deepcopy(samples), mode='predict')
        tensor = model(inputs, copy.deepcopy(samples), mode='tensor')
        direct = getattr(model, predict_on).predict(inputs,
                                                    copy.deepcopy(samples))
        logits = model.encode_decode(inputs, [s.metainfo for s in samples])
        feats = model.extract_feat(inputs)
    for result, other, ref in zip(results, via_forward, direct):
        assert (result.pred_sem_seg.data == expected_class).all()
        assert torch.equal(result.seg_logits.data, ref.seg_logits.data)
        assert torch.equal(other.seg_logits.data, ref.seg_logits.data)
    assert (tensor.argmax(1) == expected_class).all()
    assert (logits.argmax(1) == expected_class).all()
    sub_feats = getattr(model, predict_on).extract_feat(inputs)
    assert all(torch.equal(a, b) for a, b in zip(feats, sub_feats))


def test_predict_on_can_be_switched(build, make_sample):
    model = build()
    set_head_bias(model.teacher, [5.0, 0.0, 0.0])
    set_head_bias(model.student, [0.0, 5.0, 0.0])
    model.eval()
    inputs, samples = predict_batch(make_sample, 1)
    with torch.no_grad():
        assert (model.predict(inputs, copy.deepcopy(samples))[0]
                .pred_sem_seg.data == 0).all()
        model.predict_on = 'student'
        assert model.predict_model is model.student
        assert (model.predict(inputs, copy.deepcopy(samples))[0]
                .pred_sem_seg.data == 1).all()


def test_wrong_predict_on_raises(build):
    with pytest.raises(ValueError) as err:
        build(semi_test_cfg=dict(predict_on='techer'))
    assert "'techer'" in str(err.value)
    assert "['student', 'teacher']" in str(err.value)
    model = build()
    with pytest.raises(ValueError, match='techer'):
        model.predict_on = 'techer'
    assert model.predict_on == 'teacher'  # unchanged


# ------------------------------------------------------------- checkpoints
@pytest.mark.parametrize('loader', ['torch', 'mmengine'])
def test_plain_checkpoint_loads_into_every_submodel(build, tiny_seg_cfg,
                                                    loader):
    torch.manual_seed(123)
    plain = MODELS.build(tiny_seg_cfg())
    with torch.no_grad():  # non-trivial BN statistics too
        for buf in plain.buffers():
            if buf.is_floating_point():
                buf.add_(torch.rand_like(buf))
    plain_state = plain.state_dict()
    model = build()
    if loader == 'torch':
        result = model.load_state_dict(copy.deepcopy(plain_state))
        assert not result.missing_keys and not result.unexpected_keys
    else:
        load_state_dict(model, copy.deepcopy(plain_state), strict=True)
    for name in ('student', 'teacher'):
        sub_state = getattr(model, name).state_dict()
        assert set(sub_state) == set(plain_state)
        for key, value in plain_state.items():
            assert torch.equal(sub_state[key], value), (name, key)
    # still frozen after loading
    assert all(not p.requires_grad for p in model.teacher.parameters())


def test_full_state_dict_round_trips(build, make_sample):
    torch.manual_seed(1)
    source = build()
    set_head_bias(source.teacher, [1.0, 2.0, 3.0])
    state = source.state_dict()
    assert any(k.startswith('teacher.') for k in state)
    assert any(k.startswith('student.') for k in state)
    torch.manual_seed(2)
    target = build()
    target.load_state_dict(state, strict=True)
    for key, value in target.state_dict().items():
        assert torch.equal(value, state[key]), key
    source.eval()
    target.eval()
    inputs, samples = predict_batch(make_sample)
    with torch.no_grad():
        for name in ('teacher', 'student'):
            source.predict_on = target.predict_on = name
            assert torch.equal(
                source(inputs, mode='tensor'), target(inputs, mode='tensor'))


def test_partial_checkpoint_is_not_copied_across(build):
    """A checkpoint with sub-model prefixes is loaded as is: a student-only
    state dict leaves the teacher keys missing (strict=False)."""
    source = build()
    set_head_bias(source.student, [4.0, 4.0, 4.0])
    student_only = {
        k: v
        for k, v in source.state_dict().items() if k.startswith('student.')
    }
    target = build()
    teacher_before = target.teacher.decode_head.conv_seg.bias.clone()
    result = target.load_state_dict(student_only, strict=False)
    assert all(k.startswith('teacher.') for k in result.missing_keys)
    assert result.missing_keys
    assert torch.equal(target.student.decode_head.conv_seg.bias,
                       torch.full((3, ), 4.0))
    assert torch.equal(target.teacher.decode_head.conv_seg.bias,
                       teacher_before)


def test_registered():
    assert MODELS.get('SemiBaseSegmentor') is SemiBaseSegmentor
    assert MODELS.get('MeanTeacherSegmentor') is MeanTeacherSegmentor
    assert MODELS.get('MultiBranchSegDataPreProcessor') is \
        MultiBranchSegDataPreProcessor


def test_checkpoint_keys_do_not_depend_on_separate_wrapping(tiny_seg_cfg):
    """A sub-model wrapped on its own (as MMSeparateDistributedDataParallel
    does) saves and loads under the same keys as an unwrapped one."""
    from mmengine.registry import MODEL_WRAPPERS
    from torch import nn

    @MODEL_WRAPPERS.register_module(force=True)
    class OwnWrapper(nn.Module):

        def __init__(self, module):
            super().__init__()
            self.module = module

    plain = MODELS.build(
        dict(type='S4GANSegmentor', segmentor=tiny_seg_cfg()))
    wrapped = MODELS.build(
        dict(type='S4GANSegmentor', segmentor=tiny_seg_cfg()))
    for name in ('segmentor', 'discriminator'):
        wrapped._modules[name] = OwnWrapper(wrapped._modules[name])
    assert wrapped.get_module('discriminator') is \
        wrapped.discriminator.module

    wrapped_state = wrapped.state_dict()
    assert list(wrapped_state) == list(plain.state_dict())
    plain.load_state_dict(wrapped_state)  # strict
    for key, value in plain.state_dict().items():
        assert torch.equal(value, wrapped_state[key])

    plain.discriminator.fc.bias.data += 1
    wrapped.load_state_dict(plain.state_dict())  # strict
    assert torch.equal(wrapped.discriminator.module.fc.bias,
                       plain.discriminator.fc.bias)
    # a plain MMSeg checkpoint still loads into a wrapped segmentor copy
    seg_state = MODELS.build(tiny_seg_cfg()).state_dict()
    wrapped.load_state_dict(seg_state, strict=False)
    assert torch.equal(wrapped.segmentor.module.decode_head.conv_seg.weight,
                       seg_state['decode_head.conv_seg.weight'])
