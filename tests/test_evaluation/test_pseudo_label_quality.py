"""PseudoLabelQualityMetric by hand, and the pseudo_label_quality tool
end to end on the bundled demo data (unlabelled frames, true masks)."""
import json
import math
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from mmseg_semi.evaluation import PseudoLabelQualityMetric

from test_e2e.utils import (DEMO_ROOT, REPO_ROOT, load_tool, read_list,
                              tiny_mean_teacher_cfg, write_list)


def _sample(probs, label):
    """A predicted data sample (dict form) whose softmax equals ``probs``
    ``(C, H, W)``; ``label`` ``(H, W)``."""
    return dict(seg_logits=dict(data=torch.log(torch.tensor(probs))),
                gt_sem_seg=dict(data=torch.tensor(label)[None]))


def test_metric_by_hand():
    # 2 classes, one image of 1x4 pixels: probabilities of class 1
    p1 = [0.97, 0.92, 0.3, 0.6]
    label = [[1, 0, 0, 255]]  # the last pixel is ignored
    sample = _sample([[[1 - p for p in p1]], [p1]], label)
    # second image, 1x2: both confident and right
    sample2 = _sample([[[0.96, 0.01]], [[0.04, 0.99]]], [[0, 1]])
    metric = PseudoLabelQualityMetric(thresholds=(0.9, 0.95))
    metric.process({}, [sample, sample2])
    out = metric.compute_metrics(metric.results)
    # valid pixels: 3 + 2 = 5; argmax right: 1 (0.97->1), 0 (0.92->1 vs 0),
    # 1 (0.3 -> class 0), then 2 -> 4 of 5
    assert out['pseudo_acc'] == 80.0
    # confidence >= 0.9: 0.97, 0.92, 0.96, 0.99 -> 4 of 5 kept, 3 right
    assert out['mask_ratio@0.9'] == 80.0
    assert out['pseudo_acc@0.9'] == 75.0
    # >= 0.95: 0.97 (right), 0.96, 0.99 (right) -> 3 of 5, all right
    assert out['mask_ratio@0.95'] == 60.0
    assert out['pseudo_acc@0.95'] == 100.0


def test_metric_rejects_non_probability_threshold():
    with pytest.raises(ValueError, match='threshold 1.5'):
        PseudoLabelQualityMetric(thresholds=(1.5, ))


def test_metric_names_missing_logits():
    metric = PseudoLabelQualityMetric()
    with pytest.raises(KeyError, match='seg_logits'):
        metric.process({}, [dict(gt_sem_seg=dict(data=torch.zeros(1, 2, 2)))])


tool = load_tool('analysis_tools/pseudo_label_quality.py')


@pytest.mark.parametrize('config,split,img,seg', [
    ('configs/benchmark/mean-teacher_deeplabv3plus_efficientnet-lite0_3k_'
     'voc-subset-92-192x192.py', '92', 'JPEGImages', 'SegmentationClass'),
    ('configs/benchmark/cps_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-'
     '176x224.py', '1-8', 'train', 'trainannot'),
])
def test_unlabelled_images_are_read_with_their_masks(config, split, img,
                                                     seg):
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    dataset = tool.unlabelled_eval_dataset(cfg)
    assert dataset.ann_file == f'splits/{split}/unlabeled.txt'
    assert dataset.data_prefix == dict(img_path=img, seg_map_path=seg)
    types = [t['type'] for t in dataset.pipeline]
    assert 'LoadAnnotations' in types
    assert not {'RandomCrop', 'RandomFlip', 'MultiViewTransform'} & set(types)


def test_supervised_config_needs_an_image_list():
    cfg = Config.fromfile(osp.join(
        REPO_ROOT, 'configs', 'benchmark',
        'deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-192x192.py'))
    with pytest.raises(ValueError, match='--ann-file'):
        tool.unlabelled_eval_dataset(cfg)
    assert tool.unlabelled_eval_dataset(cfg, 'train.txt').ann_file == \
        'train.txt'


@pytest.mark.skipif(not osp.isfile(osp.join(DEMO_ROOT, 'train.txt')),
                    reason='bundled demo data missing')
def test_tool_on_a_trained_mean_teacher(tmp_path):
    cfg = tiny_mean_teacher_cfg(str(tmp_path / 'train'), max_iters=2,
                                val_interval=2)
    Runner.from_cfg(cfg).train()
    config = str(tmp_path / 'tiny_mt.py')
    cfg.dump(config)
    images = write_list(
        str(tmp_path / 'unlabelled3.txt'),
        read_list(osp.join(DEMO_ROOT, 'splits', '1-8', 'unlabeled.txt'))[:3])
    out = {}
    for model in ('teacher', 'student'):
        out[model] = tool.main([
            config, str(tmp_path / 'train' / 'iter_2.pth'), '--predict-on',
            model, '--thresholds', '0', '0.5', '--ann-file', images,
            '--work-dir', str(tmp_path / model), '--out',
            str(tmp_path / f'{model}.json')])
        saved = json.loads((tmp_path / f'{model}.json').read_text())
        assert saved['metrics'] == out[model]
        assert saved['predict_on'] == model
    metrics = out['teacher']
    # the same pixel accuracy two ways: MMSeg's aAcc and ours
    assert metrics['pseudo/pseudo_acc'] == pytest.approx(metrics['aAcc'],
                                                         abs=0.01)
    assert metrics['pseudo/mask_ratio@0'] == 100.0
    assert metrics['pseudo/pseudo_acc@0'] == metrics['pseudo/pseudo_acc']
    assert 0.0 <= metrics['pseudo/mask_ratio@0.5'] <= 100.0
    assert not math.isnan(metrics['mIoU'])
    # teacher (EMA of 2 steps) and student are different models
    assert out['teacher'] != out['student']
