"""ImageLabelMetric: average precision and the recall/precision a class
filter with threshold t gets, against hand computation."""
import math

import pytest
import torch

from mmseg.registry import METRICS
from mmseg_semi.evaluation import ImageLabelMetric
from mmseg_semi.evaluation.metrics import average_precision


def test_average_precision_hand_values():
    scores = torch.tensor([[0.9, 0.2], [0.8, 0.7], [0.1, 0.6]])
    targets = torch.tensor([[1, 0], [0, 0], [1, 0]])
    ap = average_precision(scores, targets)
    # class 0: hits at ranks 1 and 3 -> (1/1 + 2/3) / 2; class 1: no image
    assert ap[0].item() == pytest.approx((1 + 2 / 3) / 2)
    assert math.isnan(ap[1].item())


def test_metric_values():
    metric = METRICS.build(
        dict(type='ImageLabelMetric', num_classes=3, thresholds=(0.5, )))
    assert isinstance(metric, ImageLabelMetric)
    metric.process(None, [
        dict(pred_score=torch.tensor([0.9, 0.6, 0.1]), gt_label=[0, 2]),
        dict(pred_score=torch.tensor([0.8, 0.4, 0.7]), gt_label=[0]),
    ])
    out = metric.evaluate(2)
    # AP: class 0 = 1 (both images present); class 2: present in image 0
    # only, ranked 2nd (0.1 < 0.7) -> 1/2; class 1 absent everywhere
    assert out['cls/mAP'] == pytest.approx(100 * (1 + 0.5) / 2)
    # present pairs: (0,0) (0,2) (1,0); kept at 0.5: (0,0) (0,1) (1,0) (1,2)
    assert out['cls/recall@0.5'] == pytest.approx(100 * 2 / 3)
    assert out['cls/precision@0.5'] == pytest.approx(100 * 2 / 4)


def test_metric_names_missing_keys():
    metric = ImageLabelMetric(num_classes=3)
    with pytest.raises(KeyError, match='pred_score.*gt_label'):
        metric.process(None, [dict(gt_label=[0])])
