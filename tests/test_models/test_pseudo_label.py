"""pseudo_labels_from_logits, valid_pixel_mask and sigmoid_rampup."""
import math

import pytest
import torch

from mmseg_semi.models.utils import (PseudoLabels, pseudo_labels_from_logits,
                                     sigmoid_rampup, valid_pixel_mask)


def hand_logits():
    """(1, 3, 2, 2) logits whose per-pixel argmax and confidence are known:

    (0, 0): class 0, conf 0.909  (0, 1): class 1, conf 0.507
    (1, 0): class 2, conf 0.965  (1, 1): class 0, conf 0.367
    """
    per_pixel = {
        (0, 0): [3.0, 0.0, 0.0],
        (0, 1): [0.0, 1.0, 0.5],
        (1, 0): [0.0, 0.0, 4.0],
        (1, 1): [0.2, 0.0, 0.1],
    }
    logits = torch.zeros(1, 3, 2, 2)
    for (y, x), values in per_pixel.items():
        logits[0, :, y, x] = torch.tensor(values)
    return logits


def test_labels_confidence_mask_ratio():
    logits = hand_logits().requires_grad_()
    valid = torch.tensor([[[True, True], [False, True]]])  # (1,0) padding
    pseudo = pseudo_labels_from_logits(logits, valid, threshold=0.5)
    assert isinstance(pseudo, PseudoLabels)
    expected_conf = torch.tensor([[[
        math.exp(3) / (math.exp(3) + 2),
        math.e / (1 + math.e + math.exp(0.5))
    ], [
        math.exp(4) / (math.exp(4) + 2),
        math.exp(0.2) / (math.exp(0.2) + 1 + math.exp(0.1))
    ]]])
    assert torch.allclose(pseudo.confidence, expected_conf)
    # kept: content and confident; (1, 0) is padding, (1, 1) not confident
    assert pseudo.labels.tolist() == [[[0, 1], [255, 255]]]
    assert pseudo.labels.dtype == torch.long
    assert pseudo.mask.tolist() == [[[True, True], [False, False]]]
    assert torch.equal(pseudo.valid, valid)
    assert pseudo.mask_ratio.item() == pytest.approx(2 / 3)
    # nothing carries gradient
    for tensor in (pseudo.labels, pseudo.confidence, pseudo.mask_ratio):
        assert not tensor.requires_grad
        assert tensor.grad_fn is None


def test_threshold_zero_keeps_every_content_pixel_and_equality_kept():
    logits = hand_logits()
    valid = torch.ones(1, 2, 2, dtype=torch.bool)
    pseudo = pseudo_labels_from_logits(logits, valid, threshold=0.0)
    assert pseudo.labels.tolist() == [[[0, 1], [2, 0]]]
    assert pseudo.mask_ratio.item() == 1.0
    # a pixel whose confidence equals the threshold keeps its label
    thr = pseudo.confidence[0, 0, 1].item()
    pseudo = pseudo_labels_from_logits(logits, valid, threshold=thr)
    assert pseudo.labels.tolist() == [[[0, 1], [2, 255]]]


def test_custom_ignore_index_and_no_content():
    logits = hand_logits()
    valid = torch.zeros(1, 2, 2, dtype=torch.bool)
    pseudo = pseudo_labels_from_logits(logits, valid, ignore_index=-1)
    assert (pseudo.labels == -1).all()
    assert pseudo.mask_ratio.item() == 0.0  # no division by zero


def test_size_mismatch_raises():
    with pytest.raises(ValueError, match='differ in size'):
        pseudo_labels_from_logits(
            torch.zeros(1, 3, 4, 4), torch.ones(1, 2, 2, dtype=torch.bool))


def test_valid_pixel_mask(make_sample):
    gt0 = torch.full((3, 4), 254)
    gt0[2] = 255  # padding row
    gt1 = torch.tensor([[0, 1, 255, 255], [2, 254, 255, 255],
                        [255, 255, 255, 255]])  # class ids are content too
    mask = valid_pixel_mask([make_sample(gt0), make_sample(gt1)])
    assert mask.dtype == torch.bool and mask.shape == (2, 3, 4)
    assert torch.equal(mask[0], gt0 != 255)
    assert torch.equal(mask[1], gt1 != 255)
    assert torch.equal(
        valid_pixel_mask([make_sample(gt1)], ignore_index=254)[0],
        gt1 != 254)


def test_valid_pixel_mask_without_gt_names_the_fix(make_sample):
    sample = make_sample(metainfo=dict(img_path='frames/unlabelled_7.png'))
    with pytest.raises(KeyError) as err:
        valid_pixel_mask([sample])
    assert 'LoadEmptySegAnnotation' in str(err.value)
    assert 'frames/unlabelled_7.png' in str(err.value)


def test_sigmoid_rampup():
    assert sigmoid_rampup(0, 0) == 1.0
    assert sigmoid_rampup(10, -1) == 1.0
    assert sigmoid_rampup(0, 100) == pytest.approx(math.exp(-5))
    assert sigmoid_rampup(-3, 100) == pytest.approx(math.exp(-5))
    assert sigmoid_rampup(50, 100) == pytest.approx(math.exp(-1.25))
    assert sigmoid_rampup(100, 100) == 1.0
    assert sigmoid_rampup(1000, 100) == 1.0
    values = [sigmoid_rampup(i, 100) for i in range(0, 121)]
    assert all(b >= a for a, b in zip(values, values[1:]))
    assert all(b > a for a, b in zip(values[:101], values[1:101]))
