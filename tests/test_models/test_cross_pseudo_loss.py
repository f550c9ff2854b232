"""CrossPseudoLoss against hand-computed values; gradient properties."""
import math

import pytest
import torch

from mmseg.registry import MODELS
from mmseg_semi.models.losses import CrossPseudoLoss


def _logits():
    # (N=1, C=2, H=1, W=2): pixel A, pixel B
    logits1 = torch.tensor([[[[2.0, 0.0]], [[0.0, 1.0]]]], requires_grad=True)
    logits2 = torch.tensor([[[[0.0, 3.0]], [[1.0, 0.0]]]], requires_grad=True)
    return logits1, logits2


def softplus(x):
    return math.log(1 + math.exp(x))


def test_registered():
    loss = MODELS.build(dict(type='CrossPseudoLoss', loss_weight=2.0))
    assert isinstance(loss, CrossPseudoLoss) and loss.loss_weight == 2.0
    assert loss.loss_name == 'loss_cps'


def test_hand_computed_value():
    """argmax1 = [0, 1], argmax2 = [1, 0];
    CE(l1, y2) = (log(1+e^2) + log(1+e)) / 2,
    CE(l2, y1) = (log(1+e) + log(1+e^3)) / 2."""
    logits1, logits2 = _logits()
    valid = torch.ones(1, 1, 2, dtype=torch.bool)
    expected = (softplus(2) + softplus(1)) / 2 + \
        (softplus(1) + softplus(3)) / 2
    loss = CrossPseudoLoss(loss_weight=1.5)(logits1, logits2, valid)
    assert loss.item() == pytest.approx(1.5 * expected, rel=1e-6)


def test_invalid_pixels_are_ignored_and_not_counted():
    logits1, logits2 = _logits()
    valid = torch.tensor([[[True, False]]])
    loss = CrossPseudoLoss()(logits1, logits2, valid)
    assert loss.item() == pytest.approx(softplus(2) + softplus(1), rel=1e-6)


def test_threshold_drops_unconfident_pixels_but_keeps_denominator():
    logits1, logits2 = _logits()
    valid = torch.ones(1, 1, 2, dtype=torch.bool)
    # softmax confidences: branch1 A 0.88, B 0.73; branch2 A 0.73, B 0.95
    loss = CrossPseudoLoss(conf_thr=0.8)(logits1, logits2, valid)
    # kept pseudo labels: y1 at A (for branch 2), y2 at B (for branch 1)
    expected = softplus(1) / 2 + softplus(1) / 2
    assert loss.item() == pytest.approx(expected, rel=1e-6)


def test_pseudo_labels_carry_no_gradient_and_both_branches_get_one():
    logits1, logits2 = _logits()
    valid = torch.ones(1, 1, 2, dtype=torch.bool)
    CrossPseudoLoss()(logits1, logits2, valid).backward()
    # d/dz CE(z, y) = softmax(z) - onehot(y), per pixel, / |V|
    expected1 = (logits1.detach().softmax(1) - torch.tensor(
        [[[[0.0, 1.0]], [[1.0, 0.0]]]])) / 2
    expected2 = (logits2.detach().softmax(1) - torch.tensor(
        [[[[1.0, 0.0]], [[0.0, 1.0]]]])) / 2
    # if gradient flowed through the pseudo labels this would not hold
    assert torch.allclose(logits1.grad, expected1, atol=1e-6)
    assert torch.allclose(logits2.grad, expected2, atol=1e-6)


def test_pseudo_logits_replace_the_label_source():
    logits1, logits2 = _logits()
    valid = torch.ones(1, 1, 2, dtype=torch.bool)
    # branch 2's pseudo labels from other logits: argmax = [0, 0]
    other = torch.tensor([[[[5.0, 5.0]], [[0.0, 0.0]]]])
    loss = CrossPseudoLoss()(logits1, logits2, valid, pseudo_logits2=other)
    expected = (softplus(-2) + softplus(1)) / 2 + \
        (softplus(1) + softplus(3)) / 2
    assert loss.item() == pytest.approx(expected, rel=1e-6)


def test_bad_threshold():
    with pytest.raises(ValueError, match='conf_thr'):
        CrossPseudoLoss(conf_thr=1.5)
