"""SampledPixelCrossEntropyLoss: the official OHEM normalisation."""
import math

import pytest
import torch
import torch.nn.functional as F

from mmseg.models.decode_heads import FCNHead
from mmseg.registry import MODELS
from mmseg_semi.models import SampledPixelCrossEntropyLoss


def test_mean_over_kept_pixels_by_hand():
    # 1 image, 2 classes, 4 pixels: logits chosen so each CE is known
    logits = torch.tensor([[[[0.0, math.log(3.0)], [0.0, 0.0]],
                            [[0.0, 0.0], [math.log(3.0), 0.0]]]])
    labels = torch.tensor([[[0, 0], [1, 255]]])
    weight = torch.tensor([[[1.0, 1.0], [0.0, 0.0]]])  # sampler kept 2
    loss = SampledPixelCrossEntropyLoss()(
        logits, labels, weight=weight, ignore_index=255)
    # pixel (0,0): logits (0, 0) -> -log(1/2); pixel (0,1): (log3, 0),
    # label 0 -> -log(3/4)
    expected = (math.log(2.0) + math.log(4.0 / 3.0)) / 2
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    # MMSeg's CrossEntropyLoss divides the same sum by the 3 non-ignored
    mmseg_loss = MODELS.build(
        dict(type='CrossEntropyLoss', avg_non_ignore=True))(
            logits, labels, weight=weight, ignore_index=255)
    assert mmseg_loss.item() == pytest.approx(expected * 2 / 3, rel=1e-6)


def test_without_sampler_is_the_mean_over_labelled_pixels():
    logits = torch.randn(2, 3, 5, 5)
    labels = torch.randint(0, 3, (2, 5, 5))
    labels[0, 0] = 255
    loss = SampledPixelCrossEntropyLoss()(logits, labels, ignore_index=255)
    expected = F.cross_entropy(logits, labels, ignore_index=255)
    assert torch.allclose(loss, expected, atol=1e-6)


def test_with_ohem_sampler_in_a_decode_head_matches_the_official_loss():
    """The decode head's loss with MMSeg's OHEMPixelSampler equals
    TorchSemiSeg's ProbOhemCrossEntropy2d: CE averaged over the pixels
    whose true-class probability is below the threshold (at least
    min_kept of them)."""
    head = FCNHead(
        in_channels=4, channels=4, num_convs=0, concat_input=False,
        num_classes=3, dropout_ratio=0.0, align_corners=False,
        sampler=dict(type='OHEMPixelSampler', thresh=0.7, min_kept=10),
        loss_decode=dict(type='SampledPixelCrossEntropyLoss'))
    seg_logits = torch.randn(1, 3, 8, 8) * 3
    labels = torch.randint(0, 3, (1, 8, 8))
    labels[0, :2] = 255
    from mmengine.structures import PixelData

    from mmseg.structures import SegDataSample
    sample = SegDataSample(metainfo=dict(img_shape=(8, 8)))
    sample.gt_sem_seg = PixelData(data=labels)
    loss = head.loss_by_feat(seg_logits, [sample])['loss_ce']

    prob = seg_logits.softmax(1).gather(
        1, labels.clamp(max=2)[:, None])[:, 0]
    valid = labels != 255
    kth = prob[valid].sort().values[10]  # MMSeg keeps prob < max(kth, 0.7)
    kept = valid & (prob < max(kth.item(), 0.7))
    ce = F.cross_entropy(seg_logits, labels, ignore_index=255,
                         reduction='none')
    assert kept.sum() >= 10
    assert torch.allclose(loss, ce[kept].mean(), atol=1e-6)
