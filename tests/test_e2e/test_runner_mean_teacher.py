"""Mean Teacher end to end through MMEngine's Runner on the bundled demo data:
train, validate teacher and student, checkpoint, resume, export, and load
the export with MMSeg's own inference API."""
import json
import os
import os.path as osp

import pytest
import torch
from mmengine.runner import Runner

from .utils import (DEMO_ROOT, MT_DEMO_CONFIG, export_and_load_tiny,
                    load_tool, tiny_mean_teacher_cfg)

export_main = load_tool('model_converters/export_student.py').main

pytestmark = pytest.mark.skipif(
    not osp.isfile(osp.join(DEMO_ROOT, 'train.txt')),
    reason='bundled demo data missing')


def _scalars(work_dir):
    """All records of the (newest) run's scalars.json."""
    runs = sorted(d for d in os.listdir(work_dir) if osp.isfile(
        osp.join(work_dir, d, 'vis_data', 'scalars.json')))
    with open(osp.join(work_dir, runs[-1], 'vis_data', 'scalars.json')) as f:
        return [json.loads(line) for line in f]


def _submodel_state(state_dict, name):
    prefix = name + '.'
    return {
        k[len(prefix):]: v
        for k, v in state_dict.items() if k.startswith(prefix)
    }


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """4 iterations, validation every 2: (work_dir, runner)."""
    work_dir = str(tmp_path_factory.mktemp('mt_run'))
    runner = Runner.from_cfg(tiny_mean_teacher_cfg(work_dir))
    runner.train()
    return work_dir, runner


def test_validates_teacher_and_student_and_saves_best(trained):
    work_dir, _ = trained
    val_records = [r for r in _scalars(work_dir) if 'teacher/mIoU' in r]
    assert [r['step'] for r in val_records] == [2, 4]
    for record in val_records:
        assert 'student/mIoU' in record
        assert 0.0 <= record['teacher/mIoU'] <= 100.0
    best = [f for f in os.listdir(work_dir) if f.startswith('best_')]
    assert len(best) == 1 and best[0].startswith('best_teacher_mIoU_iter_')


def test_train_log_has_prefixed_losses(trained):
    work_dir, _ = trained
    train_records = [r for r in _scalars(work_dir) if 'loss' in r]
    assert len(train_records) == 4
    keys = set(train_records[-1])
    assert {'sup_decode.loss_ce', 'unsup_loss_pseudo', 'unsup_mask_ratio',
            'unsup_weight'} <= keys
    # the total is the sum of the loss terms only
    last = train_records[-1]
    assert last['loss'] == pytest.approx(
        last['sup_decode.loss_ce'] + last['unsup_loss_pseudo'], rel=1e-3)


def test_checkpoint_holds_both_submodels_and_teacher_is_ema(trained):
    work_dir, runner = trained
    ckpt = torch.load(
        osp.join(work_dir, 'iter_4.pth'), map_location='cpu',
        weights_only=False)
    state = ckpt['state_dict']
    student = _submodel_state(state, 'student')
    teacher = _submodel_state(state, 'teacher')
    assert student and student.keys() == teacher.keys()
    # after 4 EMA updates the teacher is neither the student nor frozen at
    # its initial weights
    name = 'backbone.stem.0.weight'
    assert not torch.equal(student[name], teacher[name])
    assert ckpt['meta']['iter'] == 4
    assert 'optimizer' in ckpt and 'message_hub' in ckpt
    assert ckpt['meta']['dataset_meta']['classes'][0] == 'sky'


def test_resume_keeps_teacher_and_continues(trained, tmp_path):
    work_dir, _ = trained
    ckpt = torch.load(
        osp.join(work_dir, 'iter_4.pth'), map_location='cpu',
        weights_only=False)
    # a resumed run must take the teacher from the checkpoint (not re-copy
    # the student as at iteration 0): stop right at the checkpoint
    cfg = tiny_mean_teacher_cfg(work_dir, max_iters=4)
    cfg.resume = True
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 4
    resumed = runner.model.state_dict()
    for key, value in ckpt['state_dict'].items():
        assert torch.equal(resumed[key], value), key

    # and training continues from iteration 4 to 6
    cfg = tiny_mean_teacher_cfg(work_dir, max_iters=6)
    cfg.resume = True
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 6
    with open(osp.join(runner.log_dir, 'vis_data', 'scalars.json')) as f:
        records = [json.loads(line) for line in f]
    steps = [r['step'] for r in records if 'loss' in r]
    assert steps == [5, 6]


def test_export_loads_in_mmseg_inference_api(trained, tmp_path):
    """Without --submodel the teacher is exported, as a plain
    EncoderDecoder with the teacher's weights bit for bit."""
    work_dir, _ = trained
    model, exported, result = export_and_load_tiny(
        MT_DEMO_CONFIG, osp.join(work_dir, 'iter_4.pth'),
        str(tmp_path / 'exported'), 'teacher')
    assert type(model).__name__ == 'EncoderDecoder'
    assert exported['meta']['submodel'] == 'teacher'
    assert int(result.pred_sem_seg.data.max()) < 11


def test_export_rejects_unknown_submodel(trained, tmp_path):
    work_dir, _ = trained
    with pytest.raises(KeyError, match='branch1'):
        export_main([
            MT_DEMO_CONFIG,
            osp.join(work_dir, 'iter_4.pth'),
            str(tmp_path), '--submodel', 'branch1'
        ])
    assert not os.listdir(tmp_path)  # nothing half-written


def test_plain_checkpoint_loads_into_teacher_and_student(trained, tmp_path):
    """load_from an exported (plain MMSeg) checkpoint fills both models."""
    work_dir, _ = trained
    out_dir = str(tmp_path / 'plain')
    export_main([
        MT_DEMO_CONFIG,
        osp.join(work_dir, 'iter_4.pth'), out_dir, '--submodel', 'student'
    ])
    plain = [f for f in os.listdir(out_dir) if f.endswith('.pth')][0]
    cfg = tiny_mean_teacher_cfg(str(tmp_path / 'from_plain'), max_iters=0)
    cfg.load_from = osp.join(out_dir, plain)
    runner = Runner.from_cfg(cfg)
    runner.load_or_resume()
    state = torch.load(
        osp.join(out_dir, plain), map_location='cpu',
        weights_only=False)['state_dict']
    model = runner.model
    for key, value in state.items():
        assert torch.equal(model.student.state_dict()[key], value)
        assert torch.equal(model.teacher.state_dict()[key], value)
