"""The parameter-free parts of single-stage WSSS (Araslanov & Roth, CVPR
2020): nGWP, the size-focal penalty, PAMR, the stochastic gate, pseudo
labels from refined masks and the balanced, gated self-training loss."""
import math

import pytest
import torch
import torch.nn.functional as F

from mmseg.registry import MODELS
from mmseg_semi.models.losses import SizeFocalLoss, balanced_gated_mask_loss
from mmseg_semi.models.utils import (PAMR, StochasticGate,
                                     masks_to_pseudo_labels,
                                     normalised_global_weighted_pooling,
                                     remove_absent_classes)

IGNORE = 255


# ------------------------------------------------------------------ nGWP
def test_ngwp_hand_value():
    # one image, 2 classes, 2 pixels
    logits = torch.tensor([[[[2.0, -1.0]], [[0.0, 3.0]]]])  # 1,2,1,2
    masks = torch.tensor([[[[0.8, 0.1]], [[0.2, 0.9]]]])
    scores = normalised_global_weighted_pooling(logits, masks, eps=1.0)
    expected = [(2 * 0.8 + -1 * 0.1) / (1 + 0.9),
                (0 * 0.2 + 3 * 0.9) / (1 + 1.1)]
    assert scores[0].tolist() == pytest.approx(expected)


def test_ngwp_class_without_mask_scores_zero():
    # a class absent from the image (mask all zero) pools to 0, whatever
    # its logits: eps keeps the division finite
    logits = torch.full((1, 1, 3, 3), 7.0)
    scores = normalised_global_weighted_pooling(
        logits, torch.zeros(1, 1, 3, 3))
    assert scores.item() == 0.0


# ------------------------------------------------------------ size focal
def test_size_focal_hand_value_and_registration():
    loss = MODELS.build(dict(type='SizeFocalLoss'))
    assert isinstance(loss, SizeFocalLoss)
    masks = torch.tensor([[[[0.5, 0.1]], [[0.0, 0.0]], [[1.0, 1.0]]]])
    out = loss(masks)[0]
    mean = [0.3, 0.0, 1.0]
    expected = [(1 - m)**3 * math.log(0.01 + m) for m in mean]
    assert out.tolist() == pytest.approx(expected)
    # absent class: the full penalty log(0.01); a full mask: none
    assert out[1].item() == pytest.approx(math.log(0.01))
    assert out[2].item() == pytest.approx(0.0)


# ------------------------------------------------------------------ PAMR
def test_pamr_spreads_inside_a_region_not_across_the_edge():
    image = torch.zeros(1, 3, 16, 16)
    image[:, 0, :, :8] = 1.0  # left half red
    image[:, 2, :, 8:] = 1.0  # right half blue
    masks = torch.zeros(1, 2, 16, 16)
    masks[0, 0, 5, 3] = 1.0  # a seed in the left region
    masks[0, 1, 9, 12] = 1.0  # a seed in the right region
    refined = PAMR()(image, masks)
    assert (refined[0, 0, :, :8] > 1e-4).all()  # whole left region
    assert refined[0, 0, :, 8:].max() < 1e-6  # nothing crosses the edge
    assert (refined[0, 1, :, 8:] > 1e-4).all()
    assert refined[0, 1, :, :8].max() < 1e-6
    assert not refined.requires_grad
    assert list(PAMR().parameters()) == []


def test_pamr_affinities_are_a_distribution_over_48_neighbours():
    alpha = PAMR().affinity(torch.rand(2, 3, 12, 10))
    assert alpha.shape == (2, 48, 12, 10)
    assert torch.allclose(alpha.sum(1), torch.ones(2, 12, 10), atol=1e-5)


def test_pamr_rejects_mismatched_sizes():
    with pytest.raises(ValueError, match='same N, H and W'):
        PAMR()(torch.rand(1, 3, 8, 8), torch.rand(1, 2, 4, 4))


# --------------------------------------------------------- stochastic gate
def test_stochastic_gate_training_mean_is_the_deep_features():
    gate = StochasticGate(psi=0.3).train()
    deep = torch.randn(1, 4, 5, 5)
    shallow = torch.randn(1, 4, 5, 5)
    draws = torch.stack([gate(deep, shallow) for _ in range(4000)])
    assert torch.allclose(draws.mean(0), deep, atol=0.1)
    # elementwise: both mixtures occur
    first = draws[0]
    assert torch.isclose(first, shallow).any()
    assert torch.isclose(first, (deep - 0.3 * shallow) / 0.7).any()


def test_stochastic_gate_eval_is_the_deterministic_mix():
    gate = StochasticGate(psi=0.3).eval()
    deep, shallow = torch.randn(2, 3, 4, 4), torch.randn(2, 3, 4, 4)
    out = gate(deep, shallow)
    assert torch.equal(out, gate(deep, shallow))
    assert torch.allclose(out, 0.7 * deep + 0.3 * shallow)


# ---------------------------------------------------------- pseudo labels
def test_absent_classes_are_removed_and_background_kept():
    masks = torch.ones(1, 4, 2, 2)
    cleaned = remove_absent_classes(masks, torch.tensor([[0, 1, 0]]))
    assert cleaned[0, :, 0, 0].tolist() == [1, 0, 1, 0]


def test_pseudo_label_rules():
    # background (ch 0) and two classes on 1 x 4 pixels
    masks = torch.tensor([[[[0.90, 0.65, 0.10, 0.05]],
                           [[0.05, 0.62, 0.80, 0.10]],
                           [[0.05, 0.00, 0.10, 0.15]]]])
    labels = masks_to_pseudo_labels(masks)
    # thresholds: bg max(0.7 * 0.9, 0.2) = 0.63; c1 0.6 * 0.8 = 0.48;
    # c2 max(0.6 * 0.15, 0.2) = 0.2 (floor)
    # px0 bg only; px1 bg and c1 -> ambiguous; px2 c1; px3 none -> empty
    assert labels[0, 0].tolist() == [0, IGNORE, 1, IGNORE]


def test_absent_classes_never_appear_in_pseudo_labels():
    torch.manual_seed(0)
    masks = torch.rand(2, 4, 6, 6).softmax(1)
    tags = torch.tensor([[1, 0, 0], [0, 0, 1]])
    labels = masks_to_pseudo_labels(remove_absent_classes(masks, tags))
    assert set(labels[0].unique().tolist()) <= {0, 1, IGNORE}
    assert set(labels[1].unique().tolist()) <= {0, 3, IGNORE}


# ----------------------------------------------------- balanced mask loss
def test_balanced_mask_loss_hand_value_and_gate():
    logits = torch.randn(2, 3, 1, 4)
    pseudo = torch.tensor([[[0, 0, 1, IGNORE]], [[0, 0, 0, 0]]])
    tags = torch.tensor([[1, 0], [1, 0]])
    loss = balanced_gated_mask_loss(logits, pseudo, tags)
    ce = F.cross_entropy(logits[:1], pseudo[:1], ignore_index=IGNORE,
                         reduction='none')[0, 0]
    # image 0: N_bg = 2, N_1 = 1, N = 3 -> w_bg = 1/4, w_1 = 2/4; gate on
    # image 1: only background but class 1 is tagged -> gate off
    image0 = (0.25 * ce[0] + 0.25 * ce[1] + 0.5 * ce[2]) / 4
    assert loss.item() == pytest.approx(image0.item() / 2, rel=1e-5)


def test_balanced_mask_loss_is_zero_when_every_gate_is_off():
    logits = torch.randn(1, 3, 2, 2, requires_grad=True)
    pseudo = torch.zeros(1, 2, 2, dtype=torch.long)
    loss = balanced_gated_mask_loss(logits, pseudo, torch.tensor([[0, 1]]))
    assert loss.item() == 0.0
