"""MeanTeacherHook: EMA of parameters and buffers, intervals, warm-up."""
import copy
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from mmseg.registry import HOOKS
from mmseg_semi.engine import MeanTeacherHook


def branch():
    return nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))


class ToyModel(nn.Module):
    """Declares its EMA pair as the segmentors do (``ema_teachers``)."""

    def __init__(self, student_name='student', teacher_name='teacher'):
        super().__init__()
        self.add_module(student_name, branch())
        self.add_module(teacher_name, branch())
        self.ema_teachers = {teacher_name: student_name}

    def get_module(self, name):
        return getattr(self, name)


def make_runner(iter=0, **names):
    """Student and teacher with different parameters and BN statistics."""
    torch.manual_seed(0)
    model = ToyModel(**names)
    student = getattr(model, names.get('student_name', 'student'))
    teacher = getattr(model, names.get('teacher_name', 'teacher'))
    with torch.no_grad():
        for _ in range(3):  # train-mode forwards update running stats
            student(torch.randn(8, 4) * 3 + 1)
        teacher(torch.randn(8, 4))
        for param in teacher.parameters():
            param.add_(torch.randn_like(param))
    return SimpleNamespace(model=model, iter=iter)


def tensors(module):
    """Parameters and buffers by name, cloned."""
    return {k: v.detach().clone() for k, v in module.state_dict().items()}


def step_student(runner):
    """A fake optimizer step: the student moves."""
    with torch.no_grad():
        for param in runner.model.student.parameters():
            param.add_(torch.randn_like(param))
        runner.model.student(torch.randn(8, 4))


def assert_ema(teacher_after, teacher_before, student, momentum):
    for key, value in teacher_after.items():
        if key.endswith('num_batches_tracked'):
            assert torch.equal(value, student[key]), key  # copied
        else:
            expected = (1 - momentum) * teacher_before[key] + \
                momentum * student[key]
            assert torch.allclose(value, expected, atol=1e-6), key


def test_registered():
    hook = HOOKS.build(dict(type='MeanTeacherHook', momentum=0.01))
    assert isinstance(hook, MeanTeacherHook)
    assert hook.momentum == 0.01


def test_before_train_at_iter_0_copies_the_student():
    runner = make_runner(iter=0)
    student = tensors(runner.model.student)
    assert not torch.equal(runner.model.teacher[1].running_mean,
                           student['1.running_mean'])
    MeanTeacherHook().before_train(runner)
    teacher = tensors(runner.model.teacher)
    assert set(teacher) == set(student)
    for key in student:
        assert torch.equal(teacher[key], student[key]), key


def test_before_train_on_resume_keeps_the_teacher():
    runner = make_runner(iter=500)
    before = tensors(runner.model.teacher)
    MeanTeacherHook().before_train(runner)
    for key, value in tensors(runner.model.teacher).items():
        assert torch.equal(value, before[key]), key


def test_after_train_iter_is_an_ema_of_params_and_buffers():
    momentum = 0.2
    runner = make_runner(iter=0)
    hook = MeanTeacherHook(momentum=momentum)
    for it in range(3):
        runner.iter = it
        step_student(runner)
        before = tensors(runner.model.teacher)
        student = tensors(runner.model.student)
        hook.after_train_iter(runner, batch_idx=it)
        assert_ema(tensors(runner.model.teacher), before, student, momentum)
    # the student is untouched by the hook
    assert torch.equal(tensors(runner.model.student)['0.weight'],
                       student['0.weight'])


def test_buffers_none_keeps_the_teachers_own_statistics():
    """TorchSemiSeg's Mean Teacher averages parameters only."""
    runner = make_runner(iter=3)
    before = tensors(runner.model.teacher)
    student = tensors(runner.model.student)
    MeanTeacherHook(momentum=0.1, buffers='none').after_train_iter(runner, 3)
    after = tensors(runner.model.teacher)
    for key in ('1.running_mean', '1.running_var', '1.num_batches_tracked'):
        assert torch.equal(after[key], before[key])
    expected = 0.9 * before['0.weight'] + 0.1 * student['0.weight']
    assert torch.allclose(after['0.weight'], expected, atol=1e-6)


def test_buffers_copy_copies_the_buffers():
    runner = make_runner(iter=3)
    before = tensors(runner.model.teacher)
    student = tensors(runner.model.student)
    MeanTeacherHook(momentum=0.1, buffers='copy').after_train_iter(
        runner, 3)
    after = tensors(runner.model.teacher)
    for key in ('1.running_mean', '1.running_var', '1.num_batches_tracked'):
        assert torch.equal(after[key], student[key])
    expected = 0.9 * before['0.weight'] + 0.1 * student['0.weight']
    assert torch.allclose(after['0.weight'], expected, atol=1e-6)


def test_interval_updates_every_nth_iteration_with_compounded_momentum():
    momentum, interval = 0.1, 3
    runner = make_runner()
    hook = MeanTeacherHook(momentum=momentum, interval=interval)
    m_int = 1 - (1 - momentum)**interval
    for it in range(7):  # iterations 3 and 6 done trigger an update
        runner.iter = it
        before = tensors(runner.model.teacher)
        student = tensors(runner.model.student)
        hook.after_train_iter(runner, it)
        after = tensors(runner.model.teacher)
        if (it + 1) % interval == 0:
            assert_ema(after, before, student, m_int)
        else:
            for key in after:
                assert torch.equal(after[key], before[key]), (it, key)
    assert hook.momentum_at(3) == pytest.approx(0.271)


def test_warmup_averages_the_first_students():
    momentum = 0.01
    hook = MeanTeacherHook(momentum=momentum, warmup=True)
    # k-th update (k = 0, 1, ...) has weight max(m, 1 / (k + 1))
    assert hook.momentum_at(1) == 1.0
    assert hook.momentum_at(2) == pytest.approx(1 / 2)
    assert hook.momentum_at(3) == pytest.approx(1 / 3)
    assert hook.momentum_at(10) == pytest.approx(1 / 10)
    assert hook.momentum_at(1000) == pytest.approx(momentum)
    # with an interval, k counts updates, not iterations
    hook = MeanTeacherHook(momentum=momentum, warmup=True, interval=2)
    assert hook.momentum_at(1) is None
    assert hook.momentum_at(2) == 1.0
    assert hook.momentum_at(4) == pytest.approx(1 / 2)
    assert hook.momentum_at(6) == pytest.approx(1 / 3)


def test_warmup_offset_is_the_official_mean_teacher_step():
    """warmup_offset=1: decay min(1 - 1/(k+1), 1 - m) with k = 1, 2, ...
    (Tarvainen's code and MLMT increment the step before the update), so
    the first update averages the initial teacher and the student, and
    with buffers='none' never touches the teacher's BN statistics."""
    hook = MeanTeacherHook(momentum=0.001, warmup=True, warmup_offset=1)
    assert hook.momentum_at(1) == pytest.approx(1 / 2)
    assert hook.momentum_at(2) == pytest.approx(1 / 3)
    assert hook.momentum_at(5000) == pytest.approx(0.001)
    runner = make_runner()
    hook = MeanTeacherHook(momentum=0.001, warmup=True, warmup_offset=1,
                           buffers='none')
    hook.before_train(runner)  # teacher = student at the start
    start = tensors(runner.model.teacher)
    runner.iter = 0
    step_student(runner)
    student = tensors(runner.model.student)
    hook.after_train_iter(runner, 0)
    teacher = tensors(runner.model.teacher)
    assert torch.allclose(teacher['0.weight'],
                          (start['0.weight'] + student['0.weight']) / 2)
    assert torch.equal(teacher['1.running_mean'], start['1.running_mean'])
    with pytest.raises(ValueError, match='warmup_offset'):
        MeanTeacherHook(warmup=True, warmup_offset=-1)


def test_warmup_teacher_is_the_running_mean_of_the_students():
    """With warm-up the teacher after k+1 updates is the plain mean of the
    k+1 students seen (param and float buffers)."""
    runner = make_runner()
    hook = MeanTeacherHook(momentum=0.001, warmup=True)
    seen = []
    for it in range(4):
        runner.iter = it
        step_student(runner)
        seen.append(tensors(runner.model.student))
        hook.after_train_iter(runner, it)
    teacher = tensors(runner.model.teacher)
    for key in ('0.weight', '0.bias', '1.weight', '1.running_mean',
                '1.running_var'):
        mean = torch.stack([s[key] for s in seen]).mean(0)
        assert torch.allclose(teacher[key], mean, atol=1e-5), key


def test_begin_iter_copies_before_it():
    runner = make_runner()
    hook = MeanTeacherHook(momentum=0.1, begin_iter=2)
    for it in (0, 1):  # iterations 1 and 2 done: copy
        runner.iter = it
        step_student(runner)
        hook.after_train_iter(runner, it)
        student = tensors(runner.model.student)
        for key, value in tensors(runner.model.teacher).items():
            assert torch.equal(value, student[key]), (it, key)
    runner.iter = 2
    step_student(runner)
    before = tensors(runner.model.teacher)
    student = tensors(runner.model.student)
    hook.after_train_iter(runner, 2)
    assert_ema(tensors(runner.model.teacher), before, student, 0.1)
    assert hook.momentum_at(2) == 1.0
    assert hook.momentum_at(3) == pytest.approx(0.1)


def test_names_come_from_the_model():
    """One source of truth: the pair the model declares is averaged."""
    runner = make_runner(student_name='branch1', teacher_name='ema')
    MeanTeacherHook().before_train(runner)
    assert torch.equal(runner.model.ema[0].weight,
                       runner.model.branch1[0].weight)


def test_model_without_ema_teachers_is_rejected():
    runner = make_runner()
    runner.model.ema_teachers = {}
    with pytest.raises(TypeError, match='ema_teachers'):
        MeanTeacherHook().before_train(runner)
    with pytest.raises(TypeError, match='ema_teachers'):
        MeanTeacherHook().after_train_iter(runner, 0)


def test_different_architectures_rejected():
    runner = make_runner()
    runner.model.teacher = nn.Sequential(nn.Linear(4, 3))
    with pytest.raises(ValueError, match='different parameters'):
        MeanTeacherHook().before_train(runner)


@pytest.mark.parametrize('kwargs', [
    dict(momentum=0),
    dict(momentum=1.5),
    dict(interval=0),
    dict(interval=1.5),
    dict(begin_iter=-1),
    dict(buffers='skip'),
])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        MeanTeacherHook(**kwargs)


def test_works_with_a_semi_segmentor(tiny_seg_cfg):
    """The hook on the real model: teacher params stay frozen."""
    from mmseg.registry import MODELS
    model = MODELS.build(
        dict(type='MeanTeacherSegmentor', segmentor=tiny_seg_cfg()))
    with torch.no_grad():
        for param in model.student.parameters():
            param.add_(1.0)
    runner = SimpleNamespace(model=model, iter=0)
    hook = MeanTeacherHook(momentum=0.5)
    student = copy.deepcopy(model.student.state_dict())
    teacher = copy.deepcopy(model.teacher.state_dict())
    hook.after_train_iter(runner, 0)
    for key, value in model.teacher.state_dict().items():
        if value.is_floating_point():
            assert torch.allclose(value,
                                  0.5 * teacher[key] + 0.5 * student[key])
    assert all(not p.requires_grad for p in model.teacher.parameters())


def test_resume_continues_exactly():
    """Stopping after iteration 3 and resuming with a new hook gives the
    teacher of an uninterrupted run (the warm-up count comes from
    runner.iter)."""

    def run(iters, runner, hook):
        for it in iters:
            runner.iter = it
            torch.manual_seed(100 + it)
            step_student(runner)
            hook.after_train_iter(runner, it)

    straight = make_runner()
    MeanTeacherHook(momentum=0.05, warmup=True).before_train(straight)
    run(range(6), straight, MeanTeacherHook(momentum=0.05, warmup=True))

    resumed = make_runner()
    MeanTeacherHook(momentum=0.05, warmup=True).before_train(resumed)
    run(range(3), resumed, MeanTeacherHook(momentum=0.05, warmup=True))
    checkpoint = copy.deepcopy(resumed.model.state_dict())
    resumed = make_runner(iter=3)
    resumed.model.load_state_dict(checkpoint)
    hook = MeanTeacherHook(momentum=0.05, warmup=True)
    hook.before_train(resumed)  # iter 3: must not copy
    run(range(3, 6), resumed, hook)
    for key, value in straight.model.teacher.state_dict().items():
        assert torch.allclose(value,
                              resumed.model.teacher.state_dict()[key]), key


def test_wrapped_model_is_unwrapped():
    """runner.model wrapped by a registered model wrapper (DataParallel is
    one, and needs no process group on CPU)."""
    runner = make_runner()
    inner = runner.model
    runner.model = nn.DataParallel(inner)
    MeanTeacherHook().before_train(runner)
    for key, value in tensors(inner.teacher).items():
        assert torch.equal(value, inner.student.state_dict()[key]), key
    step_student(SimpleNamespace(model=inner))
    before = tensors(inner.teacher)
    student = tensors(inner.student)
    MeanTeacherHook(momentum=0.3).after_train_iter(runner, 0)
    assert_ema(tensors(inner.teacher), before, student, 0.3)
