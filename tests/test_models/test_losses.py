"""pseudo_label_cross_entropy and softmax_mse against hand computation."""
import math

import pytest
import torch

from mmseg_semi.models.losses import pseudo_label_cross_entropy, softmax_mse


def logits_1x2x1x3():
    """(N=1, C=2, H=1, W=3): pixel 0 (1, 0), pixel 1 (0, 2), pixel 2
    (5, -5)."""
    return torch.tensor([[[[1.0, 0.0, 5.0]], [[0.0, 2.0, -5.0]]]],
                        requires_grad=True)


def test_pseudo_label_ce_counts_ignored_pixels_in_num_valid():
    logits = logits_1x2x1x3()
    labels = torch.tensor([[[0, 1, 255]]])
    # -log softmax: pixel 0 class 0 = log(1 + e^-1); pixel 1 class 1 =
    # log(1 + e^-2); pixel 2 is ignored (below threshold) but is content
    expected = (math.log1p(math.exp(-1)) + math.log1p(math.exp(-2))) / 3
    loss = pseudo_label_cross_entropy(
        logits, labels, num_valid=torch.tensor(3))
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    loss.backward()
    assert (logits.grad[..., 2] == 0).all()  # ignored pixel: no gradient
    assert (logits.grad[..., :2] != 0).all()


def test_pseudo_label_ce_default_is_mean_over_labelled():
    labels = torch.tensor([[[0, 1, 255]]])
    expected = (math.log1p(math.exp(-1)) + math.log1p(math.exp(-2))) / 2
    loss = pseudo_label_cross_entropy(logits_1x2x1x3(), labels)
    assert loss.item() == pytest.approx(expected, rel=1e-6)


def test_pseudo_label_ce_all_ignored_is_zero_not_nan():
    labels = torch.full((1, 1, 3), 255)
    loss = pseudo_label_cross_entropy(
        logits_1x2x1x3(), labels, num_valid=torch.tensor(0))
    assert loss.item() == 0.0
    loss = pseudo_label_cross_entropy(logits_1x2x1x3(), labels)
    assert loss.item() == 0.0


def test_pseudo_label_ce_custom_ignore_index():
    labels = torch.tensor([[[0, -1, -1]]])
    loss = pseudo_label_cross_entropy(
        logits_1x2x1x3(), labels, num_valid=torch.tensor(2),
        ignore_index=-1)
    assert loss.item() == pytest.approx(math.log1p(math.exp(-1)) / 2)


def test_softmax_mse_hand_computed():
    # pixel 0: student (0, 0) -> (.5, .5); teacher (log 3, 0) -> (.75, .25)
    # pixel 1: very different but padding
    student = torch.tensor([[[[0.0, 9.0]], [[0.0, -9.0]]]],
                           requires_grad=True)
    teacher = torch.tensor([[[[math.log(3.0), -9.0]], [[0.0, 9.0]]]],
                           requires_grad=True)
    valid = torch.tensor([[[True, False]]])
    loss = softmax_mse(student, teacher, valid)
    # (0.25^2 + 0.25^2) / (C=2 * |V|=1)
    assert loss.item() == pytest.approx(0.0625, rel=1e-6)
    loss.backward()
    assert teacher.grad is None  # the teacher is detached
    assert student.grad is not None
    assert (student.grad[..., 0] != 0).all()
    assert (student.grad[..., 1] == 0).all()  # padding: no gradient


def test_softmax_mse_zero_for_equal_logits_and_no_content():
    logits = torch.randn(2, 4, 3, 5)
    valid = torch.ones(2, 3, 5, dtype=torch.bool)
    assert softmax_mse(logits, logits.clone(), valid).item() == 0.0
    other = torch.randn(2, 4, 3, 5)
    assert softmax_mse(logits, other, ~valid).item() == 0.0
    # a mean over content pixels and classes
    expected = (logits.softmax(1) - other.softmax(1)).pow(2).mean()
    assert softmax_mse(logits, other, valid).item() == pytest.approx(
        expected.item(), rel=1e-5)
