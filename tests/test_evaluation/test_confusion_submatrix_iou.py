"""ConfusionSubmatrixIoUMetric and ScoreAtInputSize: the CycleGAN
reference's scoring."""
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mmseg.registry import METRICS, TRANSFORMS

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def sample(pred, label):
    return dict(
        pred_sem_seg=dict(data=torch.tensor(pred)[None]),
        gt_sem_seg=dict(data=torch.tensor(label)[None]))


def metric(**kwargs):
    m = METRICS.build(dict(type='ConfusionSubmatrixIoUMetric', **kwargs))
    m.dataset_meta = dict(classes=('background', 'cat', 'dog'))
    return m


# ground truth / prediction of 8 pixels (0 = background, 255 = ignored)
LABEL = [[0, 0, 1, 1], [2, 2, 1, 255]]
PRED = [[1, 0, 1, 2], [2, 0, 1, 1]]


def test_submatrix_iou_by_hand():
    """Classes 1 and 2 only. Confusion (rows true, cols predicted) over
    the kept classes: 1->1: 2, 1->2: 1, 2->2: 1, 2->0 dropped, 0->1
    dropped, 255 ignored. IoU_1 = 2 / (3 + 2 - 2) = 2/3, IoU_2 = 1 /
    (1 + 2 - 1) = 1/2; mean 58.33. The standard 3-class IoU_1 would count
    the background pixel predicted as cat: 2 / 4."""
    m = metric(classes=[1, 2])
    m.process({}, [sample(PRED, LABEL)])
    result = m.compute_metrics(m.results)
    assert result == {'submatrix_mIoU': pytest.approx(58.33)}


def test_ignored_pixels_as_background_and_absent_classes():
    """ignore_as=0 turns the ignored pixel (predicted cat) into a
    background->cat confusion, which counts once background is kept. A
    class absent from both ground truth and prediction has no IoU (NaN),
    and is left out of the mean."""
    m = metric(classes=[0, 1], ignore_as=0)
    m.process({}, [sample(PRED, LABEL)])
    # rows/cols 0, 1: 0->0: 1, 0->1: 1 + 1 (ignored as 0), 1->1: 2, 1->0: 0
    # IoU_0 = 1 / (3 + 1 - 1) = 1/3, IoU_1 = 2 / (2 + 4 - 2) = 1/2
    assert m.compute_metrics(m.results)['submatrix_mIoU'] == \
        pytest.approx(np.mean([1 / 3, 1 / 2]) * 100, abs=0.01)
    m = metric(classes=[2])
    m.process({}, [sample([[0, 0]], [[1, 1]])])
    assert np.isnan(m.compute_metrics(m.results)['submatrix_mIoU'])


def test_sizes_must_match_and_classes_must_exist():
    m = metric(classes=[1])
    with pytest.raises(ValueError, match='ScoreAtInputSize'):
        m.process({}, [sample([[0, 1, 1]], LABEL)])
    m = metric(classes=[3])
    m.process({}, [sample(PRED, LABEL)])
    with pytest.raises(ValueError, match=r'\[3\] are outside'):
        m.compute_metrics(m.results)


def test_score_at_input_size_keeps_the_prediction_at_the_resized_size():
    steps = [TRANSFORMS.build(t) for t in (
        dict(type='Resize', scale=(20, 10), keep_ratio=False),
        dict(type='ScoreAtInputSize'))]
    results = dict(
        img=np.zeros((30, 40, 3), np.uint8),
        gt_seg_map=np.ones((30, 40), np.uint8), seg_fields=['gt_seg_map'],
        img_shape=(30, 40), ori_shape=(30, 40), img_path='x.jpg')
    for step in steps:
        results = step(results)
    assert results['ori_shape'] == (10, 20)
    assert results['gt_seg_map'].shape == (10, 20)
    with pytest.raises(ValueError, match='LoadAnnotations before Resize'):
        TRANSFORMS.build(dict(type='ScoreAtInputSize'))(
            dict(img_shape=(10, 20), gt_seg_map=np.ones((30, 40)),
                 img_path='x.jpg'))


def test_reference_eval_config_scores_at_200x200():
    cfg = Config.fromfile(osp.join(
        REPO_ROOT, 'configs', 'cyclegan',
        'cyclegan_resnet9-generator_1xb5-400e_voc12aug-1-10-200x200_'
        'reference-eval.py'))
    types = [t.type for t in cfg.test_dataloader.dataset.pipeline]
    assert types.index('LoadAnnotations') < types.index('Resize') < \
        types.index('ScoreAtInputSize')
    [iou, submatrix] = cfg.test_evaluator
    assert submatrix.classes == list(range(1, 21))
    assert submatrix.ignore_as == 0
