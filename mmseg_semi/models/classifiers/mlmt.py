"""MLMT: the multi-label mean-teacher image classifier of s4GAN + MLMT."""
import contextlib
from typing import Dict, List, Optional, Union

import torch
from mmengine.model import BaseModel
from torch import Tensor, nn

from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg.utils import ConfigType, OptConfigType, OptMultiConfig
from ..losses import cosine_consistency
from ..multi_model import MultiModelMixin
from ..utils import current_iter, linear_rampup, train_mode

SampleList = List[SegDataSample]
TEACHER_BN_MODES = ('eval', 'train')


@MODELS.register_module()
class MLMTClassifier(MultiModelMixin, BaseModel):
    r"""Multi-label mean teacher (Mittal, Tatarchenko, Brox, TPAMI 2021,
    Sec. 4): an image classifier trained semi-supervised, whose scores
    remove absent classes from a segmentor's prediction at test time
    (``semi_test_cfg.class_filter`` of the segmentors).

    Sub-models ``student`` (trained) and ``teacher`` (frozen), both built
    from ``classifier`` (:class:`MultiLabelClassifier`, or any model whose
    ``mode='tensor'`` gives (N, C) logits and that has ``loss_from_logits``
    and ``predict``). The teacher is the exponential moving average of the
    student (:class:`MeanTeacherHook`, reading :attr:`ema_teachers`; MLMT:
    ``momentum=0.001, warmup=True, warmup_offset=1, buffers='none'``, i.e.
    :math:`\alpha_k = \min(1 - 1/(k+1), 0.999)` for the k-th update,
    k = 1, 2, ..., on parameters only). With
    labelled images :math:`(x_l, t)` (``sup``) and unlabelled images seen
    weakly (:math:`w(x_u)`, ``unsup_weak``) and strongly (:math:`s(x_u)`,
    ``unsup_strong``), the loss is

    .. math::
        \mathcal{L} = \mathrm{BCE}\big(\sigma(f_\theta(x_l)), t\big)
            + \lambda_u\, r(k)\, \frac{1}{N_u}\sum_i \Big(1 -
              \cos\big(f_\theta(s(x_u))_i,\, f_{\bar\theta}(w(x_u))_i\big)
              \Big)

    on pre-sigmoid logits :math:`f`, with the linear ramp
    :math:`r(k) = \min(1, \max(0, (k - k_0)/L))` of the iteration
    :math:`k` (:func:`linear_rampup`). The official ramp is
    :math:`w(e) = 0` for epochs :math:`e \le 10`, then
    :math:`\min(1, (e - 10) / 50)`: ``rampup_begin_iters`` = 10 epochs and
    ``rampup_iters`` = 50 epochs of the labelled loader, in iterations.

    ``teacher_bn='train'`` (default, the official code) runs the teacher's
    forward with batch statistics and lets it update its own running
    statistics (which the EMA then leaves alone: ``buffers='none'``);
    ``'eval'`` uses its running statistics.

    Prediction (validation, score export) uses ``semi_test_cfg.predict_on``
    (default ``'teacher'``): samples with ``pred_score`` (C,).

    ``semi_train_cfg`` keys and defaults: ``unsup_weight`` (1.0),
    ``rampup_begin_iters`` (0), ``rampup_iters`` (0), ``teacher_bn``
    ('train'), ``student_view`` ('unsup_strong'), ``teacher_view``
    ('unsup_weak').

    Args:
        classifier (dict): config of the classifier, built twice.
        semi_train_cfg (dict, optional): see above.
        semi_test_cfg (dict, optional): ``predict_on``.
        data_preprocessor (dict, optional): defaults to a
            :class:`MultiBranchSegDataPreProcessor` wrapping the
            classifier's own ``data_preprocessor``.
        init_cfg (dict, optional): MMEngine init config.
    """
    frozen_submodels = ('teacher', )
    ema_teachers = {'teacher': 'student'}

    def __init__(self,
                 classifier: ConfigType,
                 semi_train_cfg: OptConfigType = None,
                 semi_test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            data_preprocessor=self.multi_branch_preprocessor(
                data_preprocessor, classifier),
            init_cfg=init_cfg)
        self.init_submodels(semi_train_cfg, semi_test_cfg)
        for name in ('student', 'teacher'):
            self.add_submodel(name, dict(classifier))
        cfg = self.semi_train_cfg
        self.teacher_bn = cfg.get('teacher_bn', 'train')
        if self.teacher_bn not in TEACHER_BN_MODES:
            raise ValueError(f'semi_train_cfg.teacher_bn={self.teacher_bn!r}'
                             f'; choose one of {TEACHER_BN_MODES}')
        self.student_view = cfg.get('student_view', 'unsup_strong')
        self.teacher_view = cfg.get('teacher_view', 'unsup_weak')
        self.required_views = tuple(
            dict.fromkeys(('sup', self.teacher_view, self.student_view)))
        self.predict_on = self.semi_test_cfg.get('predict_on', 'teacher')
        if self.predict_on not in self.submodel_names:
            raise ValueError(
                f'semi_test_cfg.predict_on={self.predict_on!r}; choose one '
                f'of {list(self.submodel_names)}')

    @property
    def num_classes(self) -> int:
        return self.get_module('student').num_classes

    def forward(self,
                inputs: Union[Tensor, Dict[str, Tensor]],
                data_samples=None,
                mode: str = 'tensor'):
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        return self.get_module(self.predict_on)(inputs, data_samples, mode)

    def predict(self,
                inputs: Tensor,
                data_samples: Optional[SampleList] = None) -> SampleList:
        """Samples with the ``predict_on`` classifier's ``pred_score``."""
        return self.get_module(self.predict_on).predict(inputs, data_samples)

    # ------------------------------------------------------------- training
    def unsup_weight(self) -> float:
        """:math:`\\lambda_u\\, r(k)` at this iteration."""
        cfg = self.semi_train_cfg
        ramp = linear_rampup(current_iter(), cfg.get('rampup_begin_iters', 0),
                             cfg.get('rampup_iters', 0))
        return cfg.get('unsup_weight', 1.0) * ramp

    def loss(self, inputs: Dict[str, Tensor],
             data_samples: Dict[str, SampleList]) -> dict:
        """``sup_loss_cls``, ``unsup_loss_cos`` (weighted) and
        ``unsup_weight``."""
        self.check_views(inputs)
        student = self.get_module('student')
        sup_loss = student.loss_from_logits(student(inputs['sup']),
                                            data_samples['sup'])
        student_logits = student(inputs[self.student_view])
        teacher_logits = self.teacher_logits(inputs[self.teacher_view])
        weight = self.unsup_weight()
        return dict(
            sup_loss_cls=sup_loss,
            unsup_loss_cos=weight * cosine_consistency(
                student_logits, teacher_logits),
            # a tensor, as MMEngine's log processor expects
            unsup_weight=torch.tensor(weight))

    def teacher_logits(self, inputs: Tensor) -> Tensor:
        """(N, C) teacher logits, without gradient."""
        teacher: nn.Module = self.get_module('teacher')
        mode = train_mode(teacher) if self.teacher_bn == 'train' \
            else contextlib.nullcontext()
        with torch.no_grad(), mode:
            return teacher(inputs)
