"""Mean Teacher for semantic segmentation."""
import contextlib
from typing import Tuple

import torch
from torch import Tensor

from mmseg.registry import MODELS
from ...utils import add_prefix_to_losses, weight_losses
from ..losses import pseudo_label_cross_entropy, softmax_mse
from ..utils import (current_iter, pseudo_labels_from_logits,
                     segmentor_logits, sigmoid_rampup,
                     supervised_losses_and_logits, to_input_size,
                     train_mode, valid_pixel_mask)
from .semi_base import MultiViewInputs, MultiViewSamples, SemiBaseSegmentor

CONSISTENCY_TYPES = ('ce', 'mse')
TEACHER_BN_MODES = ('eval', 'train')


@MODELS.register_module()
class MeanTeacherSegmentor(SemiBaseSegmentor):
    r"""Mean Teacher (Tarvainen & Valpola, NeurIPS 2017) for segmentation.

    Sub-models ``student`` (trained) and ``teacher`` (frozen), both built
    from ``segmentor``; the teacher is the exponential moving average of the
    student, kept by :class:`MeanTeacherHook` (in ``custom_hooks``; it reads
    the pair from :attr:`ema_teachers`). The loss on labelled images
    :math:`(x_l, y)` and unlabelled images :math:`x_u` is

    .. math::
        \mathcal{L} = \lambda_s\,\mathrm{CE}(f_\theta(x_l), y)
            + \lambda_u\, r(t)\, \mathcal{L}_{cons}\big(
              f_\theta(s(x)), f_{\bar\theta}(w(x))\big)

    with :math:`r(t)` the sigmoid ramp-up over ``rampup_iters``, :math:`w`
    the teacher's view (``teacher_view``, default the weak
    ``unsup_weak``), :math:`s` the student's (``student_view``, default
    ``unsup_strong``), :math:`x` the unlabelled images, plus the labelled
    ones when ``consistency_on_labeled=True`` (both models then also see
    ``sup``). The consistency term, ``semi_train_cfg.consistency``:

    - ``'ce'``: cross-entropy against the teacher's argmax where its
      confidence is ``>= conf_thr``, normalised by content pixels
      (:func:`pseudo_label_cross_entropy`); logs ``mask_ratio``.
    - ``'mse'``: squared error between softmax probabilities averaged over
      classes and content pixels (:func:`softmax_mse`; Eq. 1 of the paper
      with squared error); ``mask_padding=False`` averages over padded
      pixels too, as TorchSemiSeg's baseline does.

    ``teacher_bn='train'`` runs the teacher's forward with batch statistics
    (and lets it update its own running statistics), as TorchSemiSeg's
    baseline does; the default ``'eval'`` uses its (averaged) running
    statistics.

    ``semi_train_cfg`` keys and defaults: ``consistency`` ('ce'),
    ``conf_thr`` (0.0), ``sup_weight`` (1.0), ``unsup_weight`` (1.0),
    ``rampup_iters`` (0), ``student_view`` ('unsup_strong'),
    ``teacher_view`` ('unsup_weak'), ``consistency_on_labeled`` (False),
    ``mask_padding`` (True), ``teacher_bn`` ('eval').
    """
    segmentor_names = ('student', 'teacher')
    frozen_submodels = ('teacher', )
    ema_teachers = {'teacher': 'student'}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cfg = self.semi_train_cfg
        self.consistency = self._choice(cfg, 'consistency', 'ce',
                                        CONSISTENCY_TYPES)
        self.teacher_bn = self._choice(cfg, 'teacher_bn', 'eval',
                                       TEACHER_BN_MODES)
        self.student_view = cfg.get('student_view', 'unsup_strong')
        self.teacher_view = cfg.get('teacher_view', 'unsup_weak')
        self.consistency_on_labeled = cfg.get('consistency_on_labeled',
                                              False)
        self.mask_padding = cfg.get('mask_padding', True)
        self.required_views = tuple(
            dict.fromkeys(('sup', self.teacher_view, self.student_view)))

    @staticmethod
    def _choice(cfg: dict, key: str, default: str, choices) -> str:
        value = cfg.get(key, default)
        if value not in choices:
            raise ValueError(f'semi_train_cfg.{key}={value!r}; choose one '
                             f'of {choices}')
        return value

    # ------------------------------------------------------------- training
    def unsup_weight(self) -> float:
        """``unsup_weight`` times the sigmoid ramp-up at this iteration."""
        rampup = sigmoid_rampup(current_iter(),
                                self.semi_train_cfg.get('rampup_iters', 0))
        return self.semi_train_cfg.get('unsup_weight', 1.0) * rampup

    def loss(self, inputs: MultiViewInputs,
             data_samples: MultiViewSamples) -> dict:
        """Returns ``sup_*`` (MMSeg's losses of the student on ``sup``),
        ``unsup_loss_pseudo`` or ``unsup_loss_mse``, ``unsup_weight`` and,
        for ``'ce'``, ``unsup_mask_ratio``."""
        self.check_views(inputs)
        student = self.get_module('student')
        sup, sup_logits = supervised_losses_and_logits(
            student, inputs['sup'], data_samples['sup'])
        student_logits, teacher_logits, valid = self._consistency_inputs(
            inputs, data_samples, sup_logits)
        if self.consistency == 'ce':
            pseudo = pseudo_labels_from_logits(
                teacher_logits, valid,
                threshold=self.semi_train_cfg.get('conf_thr', 0.0))
            unsup = dict(
                loss_pseudo=pseudo_label_cross_entropy(
                    student_logits, pseudo.labels,
                    num_valid=pseudo.valid.sum()),
                mask_ratio=pseudo.mask_ratio)
        else:
            unsup = dict(
                loss_mse=softmax_mse(student_logits, teacher_logits, valid))
        weight = self.unsup_weight()
        losses = add_prefix_to_losses(
            weight_losses(sup, self.semi_train_cfg.get('sup_weight', 1.0)),
            'sup_')
        losses.update(
            add_prefix_to_losses(weight_losses(unsup, weight), 'unsup_'))
        # a tensor, as MMEngine's log processor expects
        losses['unsup_weight'] = torch.tensor(weight)
        return losses

    def _consistency_inputs(
            self, inputs: MultiViewInputs, data_samples: MultiViewSamples,
            sup_logits: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        """Student logits (with gradient), teacher logits and the (N, H, W)
        pixel mask the consistency is averaged over."""
        student_logits = segmentor_logits(
            self.get_module('student'), inputs[self.student_view])
        teacher_inputs = [inputs[self.teacher_view]]
        masks = [self._pixel_mask(data_samples[self.teacher_view])]
        if self.consistency_on_labeled:
            sup_logits = to_input_size(self.get_module('student'),
                                       sup_logits, inputs['sup'].shape[-2:])
            student_logits = torch.cat([sup_logits, student_logits])
            teacher_inputs.insert(0, inputs['sup'])
            masks.insert(0, self._pixel_mask(data_samples['sup']))
        teacher_logits = torch.cat(
            [self._teacher_logits(x) for x in teacher_inputs])
        return student_logits, teacher_logits, torch.cat(masks)

    def _teacher_logits(self, inputs: Tensor) -> Tensor:
        teacher = self.get_module('teacher')
        mode = train_mode(teacher) if self.teacher_bn == 'train' \
            else contextlib.nullcontext()
        with torch.no_grad(), mode:
            return segmentor_logits(teacher, inputs)

    def _pixel_mask(self, data_samples) -> Tensor:
        valid = valid_pixel_mask(data_samples)
        return valid if self.mask_padding else torch.ones_like(valid)
