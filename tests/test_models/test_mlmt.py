"""MLMT: the multi-label classifier, the cosine consistency, the linear
ramp and the mean-teacher classifier's loss, gradients and prediction."""
import copy
import math

import pytest
import torch
import torch.nn.functional as F
from mmengine.model import BaseModel

from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg_semi.models import MLMTClassifier, MultiModelMixin
from mmseg_semi.models.losses import cosine_consistency
from mmseg_semi.models.utils import image_label_targets, linear_rampup

NUM_CLASSES = 4


def tiny_classifier_cfg(num_classes=NUM_CLASSES):
    return dict(
        type='MultiLabelClassifier',
        data_preprocessor=dict(
            type='SegDataPreProcessor', mean=[0., 0., 0.], std=[1., 1., 1.]),
        backbone=dict(
            type='ResNetV1c', depth=18, base_channels=8, stem_channels=8,
            out_indices=(3, ), norm_cfg=dict(type='BN', requires_grad=True)),
        num_classes=num_classes,
        in_channels=64)


def samples(labels):
    return [SegDataSample(metainfo=dict(gt_label=torch.tensor(l),
                                        img_path=f'img{i}.jpg'))
            for i, l in enumerate(labels)]


def build_mlmt(**semi_train_cfg):
    return MODELS.build(
        dict(type='MLMTClassifier', classifier=tiny_classifier_cfg(),
             semi_train_cfg=semi_train_cfg))


def mlmt_batch(num_sup=2, num_unsup=3, size=32):
    inputs = dict(
        sup=torch.randn(num_sup, 3, size, size),
        unsup_weak=torch.randn(num_unsup, 3, size, size),
        unsup_strong=torch.randn(num_unsup, 3, size, size))
    data_samples = dict(
        sup=samples([[0, 2], [1]][:num_sup]),
        unsup_weak=samples([[]] * num_unsup),
        unsup_strong=samples([[]] * num_unsup))
    return inputs, data_samples


# ------------------------------------------------------------------ steps
def test_cosine_consistency_hand_value_and_no_teacher_gradient():
    student = torch.tensor([[1.0, 0.0], [0.0, 2.0], [3.0, 4.0]],
                           requires_grad=True)
    teacher = torch.tensor([[2.0, 0.0], [1.0, 0.0], [-3.0, -4.0]],
                           requires_grad=True)
    # 1 - cos: 0 (same direction), 1 (orthogonal), 2 (opposite)
    loss = cosine_consistency(student, teacher)
    assert loss.item() == pytest.approx((0 + 1 + 2) / 3, abs=1e-6)
    loss.backward()
    assert student.grad is not None and student.grad.abs().sum() > 0
    assert teacher.grad is None


def test_cosine_consistency_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r'\(2, 3\).*\(2, 4\)'):
        cosine_consistency(torch.zeros(2, 3), torch.zeros(2, 4))


@pytest.mark.parametrize('current,expected', [(0, 0.0), (10, 0.0),
                                              (35, 0.5), (60, 1.0),
                                              (500, 1.0)])
def test_linear_rampup_is_mlmts_epoch_ramp(current, expected):
    # w(e) = 0 for e <= 10, then min(1, (e - 10) / 50)
    assert linear_rampup(current, 10, 50) == pytest.approx(expected)


def test_linear_rampup_without_length_is_a_step():
    assert linear_rampup(9, 10, 0) == 0.0
    assert linear_rampup(10, 10, 0) == 1.0


def test_image_label_targets_multi_hot():
    targets = image_label_targets(samples([[0, 2], [], [3]]), NUM_CLASSES)
    assert targets.tolist() == [[1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 1]]


def test_image_label_targets_errors_name_the_image():
    with pytest.raises(KeyError, match='LoadImageLevelLabels.*a.jpg'):
        image_label_targets([SegDataSample(metainfo=dict(img_path='a.jpg'))],
                            NUM_CLASSES)
    with pytest.raises(ValueError, match=r'\[0, 4\].*img0.jpg'):
        image_label_targets(samples([[0, 4]]), NUM_CLASSES)


# ------------------------------------------------------------- classifier
def test_classifier_logits_shape_for_several_sizes():
    model = MODELS.build(tiny_classifier_cfg())
    for size in ((32, 32), (48, 64)):
        assert model(torch.randn(2, 3, *size)).shape == (2, NUM_CLASSES)


def test_classifier_loss_is_the_mean_binary_cross_entropy():
    model = MODELS.build(tiny_classifier_cfg())
    bias = torch.tensor([2.0, -1.0, 0.5, 0.0])
    with torch.no_grad():
        model.fc.weight.zero_()
        model.fc.bias.copy_(bias)
    loss = model.loss(torch.randn(2, 3, 32, 32), samples([[0, 2], [1]]))
    p = torch.sigmoid(bias)
    targets = [[1, 0, 1, 0], [0, 1, 0, 0]]
    expected = -sum(
        math.log(p[c]) if t[c] else math.log(1 - p[c])
        for t in targets for c in range(NUM_CLASSES)) / (2 * NUM_CLASSES)
    assert loss['loss_cls'].item() == pytest.approx(expected, rel=1e-5)


def test_classifier_predicts_sigmoid_scores():
    model = MODELS.build(tiny_classifier_cfg()).eval()
    inputs = torch.randn(2, 3, 32, 32)
    out = model.predict(inputs, samples([[0], [1]]))
    with torch.no_grad():
        expected = torch.sigmoid(model(inputs))
    assert torch.allclose(torch.stack([s.pred_score for s in out]),
                          expected)


# ------------------------------------------------------------------- MLMT
def test_mlmt_uses_the_shared_multi_model_base():
    model = build_mlmt()
    assert isinstance(model, MultiModelMixin) and isinstance(model,
                                                             BaseModel)
    assert model.submodel_names == ('student', 'teacher')
    assert model.ema_teachers == {'teacher': 'student'}
    assert not any(p.requires_grad
                   for p in model.get_module('teacher').parameters())
    model.train()
    assert not model.get_module('teacher').training
    assert model.predict_on == 'teacher'


def test_mlmt_loss_values(message_hub_iter):
    model = build_mlmt(rampup_begin_iters=10, rampup_iters=20,
                       unsup_weight=2.0, teacher_bn='eval')
    model.train()
    inputs, data_samples = mlmt_batch()
    message_hub_iter(20)  # ramp (20 - 10) / 20 = 0.5
    losses = model.loss(inputs, data_samples)
    assert set(losses) == {'sup_loss_cls', 'unsup_loss_cos', 'unsup_weight'}
    assert losses['unsup_weight'].item() == pytest.approx(1.0)
    student = model.get_module('student')
    teacher = model.get_module('teacher')
    with torch.no_grad():
        cos = F.cosine_similarity(student(inputs['unsup_strong']),
                                  teacher(inputs['unsup_weak']), dim=1)
        sup = student.loss(inputs['sup'], data_samples['sup'])['loss_cls']
    assert losses['unsup_loss_cos'].item() == pytest.approx(
        1.0 * (1 - cos).mean().item(), rel=1e-4)
    assert losses['sup_loss_cls'].item() == pytest.approx(sup.item(),
                                                          rel=1e-5)


def test_mlmt_consistency_is_off_before_the_ramp(message_hub_iter):
    model = build_mlmt(rampup_begin_iters=10, rampup_iters=20)
    model.train()
    message_hub_iter(5)
    losses = model.loss(*mlmt_batch())
    assert losses['unsup_loss_cos'].item() == 0.0
    assert losses['unsup_weight'].item() == 0.0


def test_mlmt_gradient_reaches_the_student_only(message_hub_iter):
    model = build_mlmt(teacher_bn='eval')
    model.train()
    message_hub_iter(100)
    # the student must differ from the teacher for a non-zero consistency
    with torch.no_grad():
        model.get_module('student').fc.bias.add_(1.0)
    losses = model.loss(*mlmt_batch())
    losses['unsup_loss_cos'].backward()
    student_grads = [p.grad for p in model.get_module('student').parameters()]
    assert any(g is not None and g.abs().sum() > 0 for g in student_grads)
    assert all(p.grad is None
               for p in model.get_module('teacher').parameters())


@pytest.mark.parametrize('teacher_bn,changes', [('train', True),
                                                ('eval', False)])
def test_mlmt_teacher_bn_mode(teacher_bn, changes):
    model = build_mlmt(teacher_bn=teacher_bn)
    model.train()
    bn = model.get_module('teacher').backbone.stem[1]
    before = bn.running_mean.clone()
    model.loss(*mlmt_batch())
    assert (not torch.equal(before, bn.running_mean)) == changes
    assert not model.get_module('teacher').training  # eval again after


def test_mlmt_predicts_with_the_teacher():
    model = build_mlmt().eval()
    with torch.no_grad():
        model.get_module('teacher').fc.bias.fill_(3.0)
        model.get_module('student').fc.bias.fill_(-3.0)
    inputs = torch.randn(2, 3, 32, 32)
    out = model.predict(inputs, samples([[0], [1]]))
    with torch.no_grad():
        expected = torch.sigmoid(model.get_module('teacher')(inputs))
    assert torch.allclose(torch.stack([s.pred_score for s in out]),
                          expected)
    assert model(inputs).shape == (2, NUM_CLASSES)  # mode='tensor'


def test_mlmt_missing_view_is_named():
    model = build_mlmt()
    inputs, data_samples = mlmt_batch()
    del inputs['unsup_strong']
    with pytest.raises(KeyError, match='unsup_strong'):
        model.loss(inputs, data_samples)


def test_mlmt_rejects_unknown_options():
    with pytest.raises(ValueError, match='teacher_bn'):
        build_mlmt(teacher_bn='frozen')
    with pytest.raises(ValueError, match='predict_on'):
        MODELS.build(dict(type='MLMTClassifier',
                          classifier=tiny_classifier_cfg(),
                          semi_test_cfg=dict(predict_on='branch1')))


def test_mlmt_checkpoint_round_trip():
    model = build_mlmt()
    with torch.no_grad():
        model.get_module('teacher').fc.bias.fill_(0.25)
    state = copy.deepcopy(model.state_dict())
    assert any(k.startswith('teacher.fc.') for k in state)
    other = build_mlmt()
    other.load_state_dict(state)
    for key, value in other.state_dict().items():
        assert torch.equal(value, state[key]), key
    assert isinstance(other, MLMTClassifier)
