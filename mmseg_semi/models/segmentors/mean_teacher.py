"""Mean Teacher for semantic segmentation."""
import torch

from mmseg.registry import MODELS
from ..losses import softmax_mse
from ..utils import sigmoid_rampup, valid_pixel_mask
from .semi_base import MultiViewInputs, MultiViewSamples, SemiBaseSegmentor

CONSISTENCY_TYPES = ('ce', 'mse')


@MODELS.register_module()
class MeanTeacherSegmentor(SemiBaseSegmentor):
    r"""Mean Teacher (Tarvainen & Valpola, NeurIPS 2017) for segmentation.

    The teacher is the exponential moving average of the student, kept by
    :class:`MeanTeacherHook` (which must be in ``custom_hooks``). The loss
    on a batch of labelled images :math:`(x_l, y)` and unlabelled images
    :math:`x_u` (weak view :math:`w(x_u)`, strong view :math:`s(x_u)`) is

    .. math::
        \mathcal{L} = \lambda_s\,\mathrm{CE}(f_\theta(x_l), y)
            + \lambda_u\, r(t)\, \mathcal{L}_{cons}\big(f_\theta(s(x_u)),
              f_{\bar\theta}(w(x_u))\big)

    with :math:`r(t)` the sigmoid ramp-up over ``rampup_iters`` and the
    consistency term chosen by ``semi_train_cfg.consistency``:

    - ``'ce'``: cross-entropy against the teacher's argmax where its
      confidence is ``>= conf_thr``, normalised by content pixels
      (:func:`pseudo_label_cross_entropy`); logs ``mask_ratio``.
    - ``'mse'``: squared error between softmax probabilities on content
      pixels (:func:`softmax_mse`), the original Mean Teacher cost.

    ``semi_train_cfg`` keys: ``consistency`` ('ce'), ``conf_thr`` (0.0),
    ``sup_weight`` (1.0), ``unsup_weight`` (1.0), ``rampup_iters`` (0).
    Everything else is :class:`SemiBaseSegmentor`.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        consistency = self.semi_train_cfg.get('consistency', 'ce')
        if consistency not in CONSISTENCY_TYPES:
            raise ValueError(
                f'semi_train_cfg.consistency={consistency!r}; choose one of '
                f'{CONSISTENCY_TYPES}')
        self.consistency = consistency

    def unsup_weight(self) -> float:
        """``unsup_weight`` times the sigmoid ramp-up at this iteration."""
        rampup = sigmoid_rampup(self.current_iter,
                                self.semi_train_cfg.get('rampup_iters', 0))
        return super().unsup_weight() * rampup

    def loss_unsup(self, inputs: MultiViewInputs,
                   data_samples: MultiViewSamples) -> dict:
        if self.consistency == 'ce':
            losses = super().loss_unsup(inputs, data_samples)
        else:
            losses = self.loss_mse(inputs, data_samples)
        # a tensor, as MMEngine's log processor expects
        losses['weight'] = torch.tensor(self.unsup_weight())
        return losses

    def loss_mse(self, inputs: MultiViewInputs,
                 data_samples: MultiViewSamples) -> dict:
        valid = valid_pixel_mask(data_samples['unsup_weak'],
                                 self.ignore_index)
        with torch.no_grad():
            teacher_logits = self.logits('teacher', inputs['unsup_weak'])
        student_logits = self.logits(self.trained_submodel,
                                     inputs['unsup_strong'])
        return dict(
            loss_mse=softmax_mse(student_logits, teacher_logits, valid))
