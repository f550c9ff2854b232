"""TeacherStudentValLoop with a tiny model, 2 samples and IoUMetric."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.dataset import pseudo_collate
from mmengine.evaluator import Evaluator
from torch.utils.data import DataLoader

from mmseg.evaluation import IoUMetric
from mmseg.registry import LOOPS, MODELS
from mmseg_semi.engine import TeacherStudentValLoop

CLASSES = ('a', 'b', 'c')


class TinyValSet(list):
    """Two 32x32 samples whose labels are all class 0."""
    metainfo = dict(classes=CLASSES, palette=[[0, 0, 0]] * 3)

    def __init__(self, make_sample):
        gen = torch.Generator().manual_seed(0)
        super().__init__(
            dict(
                inputs=torch.randint(
                    0, 256, (3, 32, 32), generator=gen, dtype=torch.uint8),
                data_samples=make_sample(
                    torch.zeros(32, 32, dtype=torch.long),
                    dict(img_path=f'val_{i}.png'))) for i in range(2))


class FakeRunner:
    """What ValLoop needs of a runner; records the hooks called."""

    def __init__(self, model):
        self.model = model
        self.visualizer = SimpleNamespace(dataset_meta=None)
        self.hooks = []

    def call_hook(self, name, **kwargs):
        self.hooks.append((name, kwargs))


def set_head_bias(segmentor, bias):
    conv = segmentor.decode_head.conv_seg
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.copy_(torch.tensor(bias))


@pytest.fixture
def model(tiny_seg_cfg):
    """Student predicts class 0 everywhere (right), teacher class 1
    (wrong)."""
    model = MODELS.build(
        dict(type='SemiBaseSegmentor', segmentor=tiny_seg_cfg()))
    set_head_bias(model.student, [5.0, 0.0, 0.0])
    set_head_bias(model.teacher, [0.0, 5.0, 0.0])
    return model


def make_loop(model, make_sample, **kwargs):
    runner = FakeRunner(model)
    loader = DataLoader(
        TinyValSet(make_sample), batch_size=2, collate_fn=pseudo_collate)
    evaluator = Evaluator(IoUMetric(iou_metrics=['mIoU']))
    loop = TeacherStudentValLoop(runner, loader, evaluator, **kwargs)
    return loop, runner


def test_registered():
    assert LOOPS.get('TeacherStudentValLoop') is TeacherStudentValLoop


def test_metrics_prefixed_per_submodel(model, make_sample):
    loop, runner = make_loop(model, make_sample)
    assert loop.evaluator.dataset_meta['classes'] == CLASSES
    metrics = loop.run()
    assert set(metrics) == {
        f'{name}/{key}'
        for name in ('teacher', 'student') for key in ('aAcc', 'mIoU', 'mAcc')
    }
    # evaluated with the right sub-model each time
    assert metrics['student/mIoU'] == pytest.approx(100.0)
    assert metrics['student/aAcc'] == pytest.approx(100.0)
    assert metrics['teacher/mIoU'] == pytest.approx(0.0)
    assert metrics['teacher/aAcc'] == pytest.approx(0.0)
    # default order: the configured sub-model first
    assert list(metrics)[0].startswith('teacher/')
    # hooks: once per validation, not per sub-model; metrics passed on
    names = [name for name, _ in runner.hooks]
    assert names.count('before_val') == 1
    assert names.count('before_val_epoch') == 1
    assert names.count('after_val') == 1
    assert names.count('before_val_iter') == 2  # 1 batch x 2 sub-models
    epoch_end = [kw for name, kw in runner.hooks if name == 'after_val_epoch']
    assert epoch_end == [dict(metrics=metrics)]
    assert names[0] == 'before_val' and names[-1] == 'after_val'
    assert not model.training


def test_predict_on_restored_and_chosen_subset(model, make_sample):
    model.predict_on = 'student'
    loop, _ = make_loop(model, make_sample, predict_on=['teacher'])
    metrics = loop.run()
    assert set(metrics) == {'teacher/aAcc', 'teacher/mIoU', 'teacher/mAcc'}
    assert metrics['teacher/mIoU'] == pytest.approx(0.0)
    assert model.predict_on == 'student'
    loop, _ = make_loop(model, make_sample)  # default: predict_on first
    assert list(loop.run())[0].startswith('student/')
    assert model.predict_on == 'student'


def test_predict_on_restored_after_an_error(model, make_sample):
    loop, _ = make_loop(model, make_sample, predict_on=['student'])

    def broken(*args, **kwargs):
        raise RuntimeError('boom')

    model.student.predict = broken
    with pytest.raises(RuntimeError, match='boom'):
        loop.run()
    assert model.predict_on == 'teacher'


def test_unknown_submodel_raises(model, make_sample):
    loop, runner = make_loop(model, make_sample,
                             predict_on=['teacher', 'techer'])
    with pytest.raises(ValueError) as err:
        loop.run()
    assert 'techer' in str(err.value)
    assert "['student', 'teacher']" in str(err.value)
    assert runner.hooks == []  # fails before validation starts


def test_plain_segmentor_raises_type_error(tiny_seg_cfg, make_sample):
    plain = MODELS.build(tiny_seg_cfg())
    loop, _ = make_loop(plain, make_sample)
    with pytest.raises(TypeError, match='ValLoop'):
        loop.run()


def test_validation_losses_are_logged_per_submodel(model, make_sample,
                                                   monkeypatch):
    """Losses a model reports in validation (an element holding only
    ``loss`` after the predictions, which MMEngine collects in val_loss)
    reach the metrics, prefixed by the sub-model, instead of being
    dropped."""
    from mmengine.structures import BaseDataElement
    predict = model.predict

    def predict_with_loss(inputs, data_samples=None):
        results = predict(inputs, data_samples)
        value = 1.0 if model.predict_on == 'teacher' else 3.0
        return results + [BaseDataElement(loss=dict(
            loss_val=torch.tensor(value)))]

    monkeypatch.setattr(model, 'predict', predict_with_loss)
    loop, _ = make_loop(model, make_sample)
    metrics = loop.run()
    assert metrics['teacher/loss_val'] == pytest.approx(1.0)
    assert metrics['student/loss_val'] == pytest.approx(3.0)
    assert metrics['teacher/val_loss'] == pytest.approx(1.0)
    assert metrics['student/val_loss'] == pytest.approx(3.0)
