"""An unlabelled source configured with LoadAnnotations still trains, and
its class labels are not used."""
import copy
import os.path as osp

import pytest
import torch
from mmengine.dataset import pseudo_collate
from mmengine.runner import Runner

from mmseg.registry import DATASETS, MODELS
from .utils import DEMO_ROOT, tiny_mean_teacher_cfg

pytestmark = pytest.mark.skipif(
    not osp.isfile(osp.join(DEMO_ROOT, 'train.txt')),
    reason='bundled demo data missing')


def _with_annotations(cfg):
    """The unlabelled dataset of ``cfg`` with labels loaded, as a user who
    copied the labelled pipeline would configure it."""
    unlabeled = cfg.train_dataloader.dataset.datasets[1]
    unlabeled.data_prefix = dict(img_path='train', seg_map_path='trainannot')
    pipeline = [t for t in unlabeled.pipeline
                if t.type != 'LoadEmptySegAnnotation']
    pipeline.insert(1, dict(type='LoadAnnotations'))
    unlabeled.pipeline = pipeline
    return cfg


def test_runner_trains_with_annotated_unlabelled_source(tmp_path):
    cfg = _with_annotations(
        tiny_mean_teacher_cfg(str(tmp_path), max_iters=2, val_interval=2))
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 2


def test_unlabelled_class_ids_do_not_change_the_loss(tmp_path):
    cfg = _with_annotations(tiny_mean_teacher_cfg(str(tmp_path)))
    labeled_cfg, unlabeled_cfg = cfg.train_dataloader.dataset.datasets
    split = cfg.train_dataloader.dataset.split
    # deterministic views: no random geometry or colour
    for dataset_cfg in (labeled_cfg, unlabeled_cfg):
        dataset_cfg.pipeline = [
            t for t in dataset_cfg.pipeline if t.type in
            ('LoadImageFromFile', 'LoadAnnotations', 'MultiBranch')
        ]
        dataset_cfg.ann_file = dataset_cfg.ann_file.format(split=split)
    unlabeled_cfg.pipeline[-1].unsup_strong = dict(type='PackSegInputs')
    labeled = DATASETS.build(labeled_cfg)
    unlabeled = DATASETS.build(unlabeled_cfg)
    batch = pseudo_collate([labeled[0], labeled[1], unlabeled[0],
                            unlabeled[1]])
    assert (batch['data_samples']['unsup_weak'][2].gt_sem_seg.data <
            11).any()  # real class ids reached the unlabelled view

    permuted = copy.deepcopy(batch)
    for view in ('unsup_weak', 'unsup_strong'):
        for sample in permuted['data_samples'][view][2:]:
            gt = sample.gt_sem_seg.data
            sample.gt_sem_seg.data = torch.where(gt < 11, (gt + 5) % 11, gt)

    model = MODELS.build(cfg.model)
    model.train()

    def unsup_losses(data):
        torch.manual_seed(0)
        data = model.data_preprocessor(copy.deepcopy(data), True)
        losses = model.loss(data['inputs'], data['data_samples'])
        return {k: v.item() for k, v in losses.items() if 'unsup' in k}

    original, relabelled = unsup_losses(batch), unsup_losses(permuted)
    assert original.keys() == relabelled.keys() and original
    for key in original:
        assert original[key] == pytest.approx(relabelled[key], abs=1e-6)
