"""MLMT end to end on the bundled VOC-subset demo copy: its CPU config
trains through MMEngine's Runner (EMA teacher, consistency, image-level
validation), the teacher's scores are exported to a score file, and both
score sources (the file and the checkpoint) filter a segmentor's classes."""
import json
import os.path as osp
import uuid

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.runner import Runner

from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg_semi.models.utils import (ClassifierScores, ClassScoreFile,
                                     class_scores, score_pipeline_of)
from .utils import (REPO_ROOT, load_tool, read_list, scalar_records,
                    write_list)

VOC_DEMO_ROOT = osp.join(REPO_ROOT, 'data', 'voc_subset_demo')
MLMT_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'mlmt',
    'mlmt_efficientnet-lite0_2.3k_voc-subset-92-192x192.py')
export_scores = load_tool('analysis_tools/export_class_scores.py').main

pytestmark = pytest.mark.skipif(
    not osp.isfile(osp.join(VOC_DEMO_ROOT, 'splits', '92', 'labeled.txt')),
    reason='bundled VOC-subset demo data missing')


def tiny_mlmt_cfg(work_dir: str, max_iters: int = 4) -> Config:
    """The CPU MLMT config on the demo copy: 2 labelled + 2 unlabelled
    images per batch, 4 val images, the ramp already on."""
    cfg = Config.fromfile(MLMT_CONFIG)
    cfg.work_dir = work_dir
    for dataset in cfg.train_dataloader.dataset.datasets:
        dataset.data_root = VOC_DEMO_ROOT
    cfg.train_dataloader.update(
        batch_size=4, num_workers=0, persistent_workers=False)
    cfg.train_dataloader.sampler.update(batch_size=4, source_ratio=[2, 2])
    val_list = write_list(osp.join(work_dir, 'val4.txt'),
                          read_list(osp.join(VOC_DEMO_ROOT, 'val.txt'))[:4])
    for loader in ('val_dataloader', 'test_dataloader'):
        cfg[loader].update(num_workers=0, persistent_workers=False)
        cfg[loader].dataset.update(data_root=VOC_DEMO_ROOT,
                                   ann_file=val_list)
    cfg.model.semi_train_cfg.update(rampup_begin_iters=0, rampup_iters=2)
    cfg.train_cfg.update(max_iters=max_iters, val_interval=2)
    cfg.default_hooks.checkpoint.update(interval=2, max_keep_ckpts=3)
    cfg.default_hooks.logger.interval = 1
    cfg.log_level = 'WARNING'
    # one visualizer per runner, so its scalars go to its own log dir
    cfg.visualizer.name = f'visualizer_{uuid.uuid4().hex}'
    return cfg


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    work_dir = str(tmp_path_factory.mktemp('mlmt_run'))
    cfg = tiny_mlmt_cfg(work_dir)
    runner = Runner.from_cfg(cfg)
    runner.train()
    cfg.dump(osp.join(work_dir, 'mlmt_tiny.py'))
    return work_dir, runner


def test_trains_and_validates_image_labels(trained):
    _, runner = trained
    records = scalar_records(runner.log_dir)
    train = [r for r in records if 'loss' in r]
    assert [r['step'] for r in train] == [1, 2, 3, 4]
    assert {'sup_loss_cls', 'unsup_loss_cos', 'unsup_weight'} <= set(
        train[-1])
    assert [r['unsup_weight'] for r in train] == [0.0, 0.5, 1.0, 1.0]
    val = [r for r in records if 'cls/mAP' in r]
    assert [r['step'] for r in val] == [2, 4]
    assert {'cls/recall@0.2', 'cls/precision@0.2'} <= set(val[-1])
    assert 0.0 <= val[-1]['cls/mAP'] <= 100.0


def test_teacher_is_an_average_of_the_student(trained):
    _, runner = trained
    model = runner.model
    student = dict(model.get_module('student').named_parameters())
    teacher = dict(model.get_module('teacher').named_parameters())
    # MLMT's decay min(1 - 1/(k+1), 0.999): after 4 steps the teacher is
    # close to, but not equal to, the student
    diffs = [(teacher[n] - student[n]).abs().max().item() for n in student]
    assert max(diffs) > 0


def test_exported_scores_are_the_teachers(trained, tmp_path):
    work_dir, runner = trained
    config = osp.join(work_dir, 'mlmt_tiny.py')
    checkpoint = osp.join(work_dir, 'iter_4.pth')
    out = str(tmp_path / 'scores.json')
    table = export_scores([config, checkpoint, '--out', out])
    stems = read_list(osp.join(work_dir, 'val4.txt'))
    assert sorted(table) == sorted(stems)
    with open(out) as f:
        assert json.load(f) == table
    # the teacher's own prediction on the same preprocessing
    pipeline = score_pipeline_of(config)
    items = [pipeline(dict(img_path=osp.join(VOC_DEMO_ROOT, 'JPEGImages',
                                             s + '.jpg'))) for s in stems]
    runner.model.eval()
    expected = class_scores(runner.model, pseudo_collate(items))
    got = torch.tensor([table[s] for s in stems])
    assert torch.allclose(got, expected, atol=1e-5)
    # the file source and the checkpoint source agree
    samples = [SegDataSample(metainfo=dict(img_path=osp.join(
        VOC_DEMO_ROOT, 'JPEGImages', s + '.jpg'))) for s in stems]
    from_file = ClassScoreFile(out, num_classes=21)(samples)
    from_checkpoint = ClassifierScores(config, checkpoint)(samples)
    assert torch.allclose(from_file, from_checkpoint, atol=1e-5)
    # nothing already written is replaced without --overwrite
    with pytest.raises(FileExistsError, match='--overwrite'):
        export_scores([config, checkpoint, '--out', out])


def test_checkpoint_scores_filter_a_segmentor(trained, tiny_seg_cfg):
    work_dir, _ = trained
    config = osp.join(work_dir, 'mlmt_tiny.py')
    checkpoint = osp.join(work_dir, 'iter_4.pth')
    threshold = 0.45
    model = MODELS.build(
        dict(type='ClassFilteredSegmentor',
             segmentor=tiny_seg_cfg(num_classes=21),
             class_filter=dict(
                 scores=dict(type='ClassifierScores', config=config,
                             checkpoint=checkpoint),
                 threshold=threshold))).eval()
    stem = read_list(osp.join(work_dir, 'val4.txt'))[0]
    sample = SegDataSample(metainfo=dict(
        img_path=osp.join(VOC_DEMO_ROOT, 'JPEGImages', stem + '.jpg'),
        ori_shape=(32, 32), img_shape=(32, 32), pad_shape=(32, 32)))
    scores = model.class_filter.scores([sample])[0]
    kept = set((scores >= threshold).nonzero().flatten().tolist())
    kept.add(int(scores.argmax()))
    with torch.no_grad():
        out = model.predict(torch.randn(1, 3, 32, 32), [sample])[0]
    assert set(out.pred_sem_seg.data.unique().tolist()) <= kept


def test_readme_filter_options_build_s4gan_with_the_score_file(tmp_path):
    """configs/mlmt/README.md's tools/test.py options on the s4GAN
    benchmark config give a model that filters with the score file."""
    import argparse

    from mmengine.config import DictAction
    scores = tmp_path / 'scores.json'
    scores.write_text(json.dumps({'2007_000033': [0.5] * 21}))
    cfg = Config.fromfile(osp.join(
        REPO_ROOT, 'configs', 'benchmark',
        's4gan_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-192x192.py'))
    parser = argparse.ArgumentParser()
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    options = parser.parse_args([
        '--cfg-options',
        'model.semi_test_cfg.class_filter.scores.type=ClassScoreFile',
        f'model.semi_test_cfg.class_filter.scores.file={scores}',
        'model.semi_test_cfg.class_filter.threshold=0.2'
    ]).cfg_options
    cfg.merge_from_dict(options)
    model = MODELS.build(cfg.model)
    assert model.class_filter.threshold == 0.2
    assert isinstance(model.class_filter.scores, ClassScoreFile)
    assert model.class_filter.scores.file == str(scores)
