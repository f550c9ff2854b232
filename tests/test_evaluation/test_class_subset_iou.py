"""ClassSubsetIoUMetric: MMSeg's IoU metrics unchanged, plus the subset
mean computed by hand."""
import math

import pytest
import torch

from mmseg.evaluation import IoUMetric
from mmseg_semi.evaluation import ClassSubsetIoUMetric

CLASSES = ('background', 'cat', 'dog', 'bottle')


def _sample(pred, label):
    return dict(pred_sem_seg=dict(data=torch.tensor(pred)[None]),
                gt_sem_seg=dict(data=torch.tensor(label)[None]))


def _evaluate(metric, samples):
    metric.dataset_meta = dict(classes=CLASSES)
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)


SAMPLES = [
    # 2x3: background IoU 2/3 here, cat 1/2, dog predicted nowhere
    _sample([[0, 0, 1], [1, 3, 0]], [[0, 0, 1], [2, 3, 255]]),
    _sample([[0, 1, 1], [2, 2, 2]], [[0, 1, 1], [2, 2, 1]]),
]


def test_subset_mean_by_hand_and_mmseg_metrics_unchanged():
    ours = _evaluate(
        ClassSubsetIoUMetric(subsets=dict(pets=('cat', 'dog'),
                                          bg=('background', ))),
        SAMPLES)
    theirs = _evaluate(IoUMetric(), SAMPLES)
    for key, value in theirs.items():
        assert ours[key] == value
    # summed over both images, the 255 pixel left out:
    # background I 2 + 1, U 2 + 1 -> 1.0
    # cat I 1 + 2, U 2 + 3 -> 0.6
    # dog I 0 + 2, U 1 + 3 -> 0.5
    assert ours['mIoU_bg'] == 100.0
    assert ours['mIoU_pets'] == pytest.approx(100 * (0.6 + 0.5) / 2)


def test_absent_classes_are_left_out_and_unknown_names_rejected():
    samples = [_sample([[0, 0]], [[0, 0]])]
    out = _evaluate(ClassSubsetIoUMetric(
        subsets=dict(a=('background', 'dog'), b=('cat', ))), samples)
    assert out['mIoU_a'] == 100.0  # dog: no pixels anywhere, left out
    assert math.isnan(out['mIoU_b'])
    with pytest.raises(KeyError, match="'horse'"):
        _evaluate(ClassSubsetIoUMetric(subsets=dict(a=('horse', ))),
                  samples)
