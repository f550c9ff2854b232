"""MeanTeacherSegmentor: consistency modes and the unsupervised ramp-up."""
import copy
import math

import pytest
import torch
import torch.nn.functional as F

from mmseg.registry import MODELS
from mmseg_semi.models import MeanTeacherSegmentor, SemiBaseSegmentor
from mmseg_semi.models.losses import softmax_mse
from mmseg_semi.models.utils import current_iter


@pytest.fixture
def build(tiny_seg_cfg):

    def _build(**semi_train_cfg):
        return MODELS.build(
            dict(
                type='MeanTeacherSegmentor',
                segmentor=tiny_seg_cfg(),
                semi_train_cfg=semi_train_cfg))

    return _build


def test_is_a_semi_base_segmentor(build):
    model = build()
    assert isinstance(model, MeanTeacherSegmentor)
    assert isinstance(model, SemiBaseSegmentor)
    assert model.consistency == 'ce'
    assert model.predict_on == 'teacher'


def test_ce_consistency_keys(build, semi_batch):
    model = build()
    model.train()
    losses = model.loss(*semi_batch())
    assert set(losses) == {
        'sup_decode.loss_ce', 'sup_decode.acc_seg', 'unsup_loss_pseudo',
        'unsup_mask_ratio', 'unsup_weight'
    }
    assert isinstance(losses['unsup_weight'], torch.Tensor)
    assert losses['unsup_weight'].item() == 1.0  # no ramp-up configured


def test_mse_consistency_is_softmax_mse_on_content(build, semi_batch):
    model = build(consistency='mse')
    model.train()
    with torch.no_grad():
        for param in model.teacher.parameters():
            param.add_(0.1 * torch.randn_like(param))
    inputs, samples = semi_batch(pad_rows=8)
    losses = model.loss(inputs, samples)
    assert 'unsup_loss_mse' in losses
    assert 'unsup_loss_pseudo' not in losses
    assert 'unsup_mask_ratio' not in losses
    with torch.no_grad():
        size = inputs['unsup_weak'].shape[-2:]
        teacher = F.interpolate(
            model.teacher(inputs['unsup_weak'], mode='tensor'), size,
            mode='bilinear')
        student = F.interpolate(
            model.student(inputs['unsup_strong'], mode='tensor'), size,
            mode='bilinear')
    valid = torch.ones(2, 32, 32, dtype=torch.bool)
    valid[:, -8:] = False
    expected = softmax_mse(student, teacher, valid)
    assert expected > 0
    assert losses['unsup_loss_mse'].item() == pytest.approx(
        expected.item(), rel=1e-4)
    # the gradient reaches the student only
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    assert all(p.grad is None for p in model.teacher.parameters())
    assert model.student.decode_head.conv_seg.weight.grad.abs().sum() > 0


def test_unknown_consistency_raises(build):
    with pytest.raises(ValueError, match="'kl'"):
        build(consistency='kl')


@pytest.mark.parametrize('consistency,key', [('ce', 'unsup_loss_pseudo'),
                                             ('mse', 'unsup_loss_mse')])
def test_rampup_scales_unsup_losses(build, semi_batch, message_hub_iter,
                                    consistency, key):
    unsup_weight, rampup_iters = 2.0, 100
    model = build(
        consistency=consistency,
        unsup_weight=unsup_weight,
        rampup_iters=rampup_iters,
        sup_weight=1.0)
    model.train()
    batch = semi_batch()
    message_hub_iter(rampup_iters)  # full weight
    full = model.loss(*copy.deepcopy(batch))
    raw_loss = full[key] / unsup_weight
    assert raw_loss > 0
    sup = None
    for it in (0, 30, 100, 250):
        message_hub_iter(it)
        assert current_iter() == it
        t = min(it, rampup_iters) / rampup_iters
        expected = unsup_weight * math.exp(-5 * (1 - t)**2)
        assert model.unsup_weight() == pytest.approx(expected)
        losses = model.loss(*copy.deepcopy(batch))
        assert losses['unsup_weight'].item() == pytest.approx(expected)
        assert losses[key].item() == pytest.approx(
            expected * raw_loss.item(), rel=1e-5)
        # the supervised loss does not ramp
        if sup is None:
            sup = losses['sup_decode.loss_ce']
        assert torch.allclose(losses['sup_decode.loss_ce'], sup)
        if consistency == 'ce':
            assert torch.equal(losses['unsup_mask_ratio'],
                               full['unsup_mask_ratio'])


def test_without_rampup_weight_is_constant(build, message_hub_iter):
    model = build(unsup_weight=0.5)
    for it in (0, 7, 10000):
        message_hub_iter(it)
        assert model.unsup_weight() == 0.5


def test_unset_iter_counts_as_zero(build, monkeypatch):
    from mmengine.logging import MessageHub
    fresh = MessageHub('mmseg_semi_test_fresh_hub')  # not registered
    assert fresh.get_info('iter') is None
    monkeypatch.setattr(MessageHub, 'get_current_instance',
                        classmethod(lambda cls: fresh))
    model = build(rampup_iters=10, unsup_weight=1.0)
    assert current_iter() == 0
    assert model.unsup_weight() == pytest.approx(math.exp(-5))


def test_teacher_bn_train_uses_batch_statistics(build, semi_batch):
    """TorchSemiSeg's teacher runs in train mode: its BN running statistics
    move during the loss, and it is back in eval mode afterwards."""
    model = build(consistency='mse', teacher_bn='train')
    model.train()
    before = model.teacher.backbone.stem[1].running_mean.clone()
    model.loss(*semi_batch())
    assert not torch.equal(model.teacher.backbone.stem[1].running_mean,
                           before)
    assert not model.teacher.training

    default = build(consistency='mse')
    default.train()
    before = default.teacher.backbone.stem[1].running_mean.clone()
    default.loss(*semi_batch())
    assert torch.equal(default.teacher.backbone.stem[1].running_mean, before)


def test_torchsemiseg_consistency_by_hand(build, semi_batch):
    """consistency_on_labeled + same view + mask_padding=False: MSE of
    softmax outputs over labelled and unlabelled images and every pixel."""
    model = build(
        consistency='mse', unsup_weight=1.0, student_view='unsup_weak',
        consistency_on_labeled=True, mask_padding=False)
    model.train()
    inputs, samples = semi_batch()
    losses = model.loss(inputs, copy.deepcopy(samples))
    import torch.nn.functional as F

    from mmseg_semi.models.utils import segmentor_logits

    # each view forwarded on its own, as the model does (train-mode BN)
    with torch.no_grad():
        s = torch.cat([segmentor_logits(model.student, inputs[v])
                       for v in ('sup', 'unsup_weak')]).softmax(1)
        t = torch.cat([segmentor_logits(model.teacher, inputs[v])
                       for v in ('sup', 'unsup_weak')]).softmax(1)
    expected = F.mse_loss(s, t)
    assert losses['unsup_loss_mse'].item() == pytest.approx(
        expected.item(), rel=1e-4)
    assert 'unsup_strong' not in model.required_views
