"""Exponential moving average of the student into the teacher."""
from typing import List, Optional, Tuple

import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner
from torch import nn

from mmseg.registry import HOOKS
from ...utils import unwrap_model

BUFFER_MODES = ('ema', 'copy', 'none')


@HOOKS.register_module()
class MeanTeacherHook(Hook):
    r"""Keep the teacher an exponential moving average of the student.

    **Momentum convention** (MMDetection's / MMEngine's): ``momentum`` is
    the weight of the *student*,

    .. math::
        \theta_{teacher} \leftarrow (1 - m)\,\theta_{teacher} + m\,
        \theta_{student},

    so ``momentum=0.001`` is what papers call an EMA *decay* of 0.999.

    - Every ``interval`` training iterations one update is made with
      :math:`m_{int} = 1 - (1 - m)^{interval}`, the weight ``interval``
      single-step updates would give, so the teacher's time constant does
      not depend on ``interval``.
    - ``warmup=True`` uses :math:`m_k = \max(m_{int}, 1/(k+1+o))` for the
      k-th update (k = 0, 1, ...), i.e. the decay
      :math:`\min(1 - 1/(k+1+o), 1 - m)`: early teachers average the few
      students so far instead of lagging behind a random initialisation.
      With ``warmup_offset`` :math:`o = 0` (UniMatch-V2) the first update
      copies the student; with :math:`o = 1` (Tarvainen's Mean Teacher code
      and MLMT, whose step counter is incremented before the update) its
      decay is 1/2.
    - Before ``begin_iter`` iterations are done the teacher is a copy of
      the student.
    - Buffers (BN running statistics) follow ``buffers``: ``'ema'``
      averages them like parameters (integer buffers such as
      ``num_batches_tracked`` are copied); ``'copy'`` copies the student's;
      ``'none'`` leaves the teacher's own (TorchSemiSeg's Mean Teacher,
      whose teacher runs in train mode and keeps its own statistics).

    **Which sub-models.** The pairs come from the model's
    ``ema_teachers`` (``{teacher: student}``, e.g. Mean Teacher's
    ``{'teacher': 'student'}``), so the hook and the model cannot disagree
    about names; every pair is updated.

    The teacher is set to the student when training starts from iteration
    0; on resume it comes from the checkpoint. The update count is derived
    from ``runner.iter``, so a resumed run continues exactly.

    Args:
        momentum (float): student weight per iteration, in (0, 1].
        interval (int): update every ``interval`` iterations.
        warmup (bool): use the ``1/(k+1+o)`` warm-up.
        warmup_offset (int): :math:`o`, 0 or more. Defaults to 0.
        begin_iter (int): copy (instead of average) before this many
            iterations are done.
        buffers (str): ``'ema'``, ``'copy'`` or ``'none'``.
    """
    priority = 'NORMAL'

    def __init__(self,
                 momentum: float = 0.001,
                 interval: int = 1,
                 warmup: bool = False,
                 warmup_offset: int = 0,
                 begin_iter: int = 0,
                 buffers: str = 'ema') -> None:
        if not 0 < momentum <= 1:
            raise ValueError(f'momentum must be in (0, 1], got {momentum}')
        if not isinstance(interval, int) or interval < 1:
            raise ValueError(f'interval must be an int >= 1, got {interval}')
        if warmup_offset < 0:
            raise ValueError(
                f'warmup_offset must be >= 0, got {warmup_offset}')
        if begin_iter < 0:
            raise ValueError(f'begin_iter must be >= 0, got {begin_iter}')
        if buffers not in BUFFER_MODES:
            raise ValueError(
                f'buffers must be one of {BUFFER_MODES}, got {buffers!r}')
        self.momentum = momentum
        self.interval = interval
        self.warmup = warmup
        self.warmup_offset = warmup_offset
        self.begin_iter = begin_iter
        self.buffers = buffers

    @staticmethod
    def _pairs(runner: Runner) -> List[Tuple[nn.Module, nn.Module]]:
        """(teacher, student) modules named by the model's
        ``ema_teachers``."""
        model = unwrap_model(runner.model)
        pairs = getattr(model, 'ema_teachers', None)
        if not pairs:
            raise TypeError(
                f'MeanTeacherHook: {type(model).__name__} declares no '
                'ema_teachers ({teacher: student} sub-model names); use it '
                'with a model that has an EMA teacher (MeanTeacherSegmentor'
                ', ...) or remove the hook from custom_hooks')
        return [(model.get_module(teacher), model.get_module(student))
                for teacher, student in pairs.items()]

    def before_train(self, runner: Runner) -> None:
        for teacher, student in self._pairs(runner):
            student_names = [n for n, _ in student.named_parameters()]
            teacher_names = [n for n, _ in teacher.named_parameters()]
            if student_names != teacher_names:
                raise ValueError(
                    'MeanTeacherHook: a teacher and its student have '
                    'different parameters; both must be built from the same '
                    'segmentor config')
            if runner.iter == 0:
                self.ema_update(teacher, student, 1.0)

    def after_train_iter(self,
                         runner: Runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        momentum = self.momentum_at(runner.iter + 1)
        if momentum is not None:
            for teacher, student in self._pairs(runner):
                self.ema_update(teacher, student, momentum)

    def momentum_at(self, iters_done: int) -> Optional[float]:
        """Student weight of the update after ``iters_done`` iterations,
        or None when no update is due."""
        if iters_done <= self.begin_iter:
            return 1.0
        since_begin = iters_done - self.begin_iter
        if since_begin % self.interval:
            return None
        momentum = 1.0 - (1.0 - self.momentum)**self.interval
        if self.warmup:
            num_updates_before = since_begin // self.interval - 1
            momentum = max(momentum, 1.0 / (num_updates_before + 1 +
                                             self.warmup_offset))
        return momentum

    @torch.no_grad()
    def ema_update(self, teacher: nn.Module, student: nn.Module,
                   momentum: float) -> None:
        """teacher = (1 - momentum) * teacher + momentum * student."""
        for t, s in zip(teacher.parameters(), student.parameters()):
            if momentum == 1.0:
                t.copy_(s)
            else:
                t.lerp_(s, momentum)
        if self.buffers == 'none' and momentum != 1.0:
            return
        for t, s in zip(teacher.buffers(), student.buffers()):
            if (momentum == 1.0 or self.buffers == 'copy'
                    or not t.is_floating_point()):
                t.copy_(s)
            else:
                t.lerp_(s, momentum)
