"""Pixel losses against pseudo labels / teacher probabilities."""
from typing import Optional

import torch.nn.functional as F
from torch import Tensor

from ..utils.labels import IGNORE_INDEX


def pseudo_label_cross_entropy(logits: Tensor,
                               labels: Tensor,
                               num_valid: Optional[Tensor] = None,
                               ignore_index: int = IGNORE_INDEX) -> Tensor:
    r"""Cross-entropy against hard pseudo labels, normalised by content.

    .. math::
        \mathcal{L} = \frac{1}{|V|} \sum_{p:\, y_p \neq \text{ignore}}
        -\log \mathrm{softmax}(z_p)_{y_p}

    where :math:`V` is the set of content pixels (``num_valid``). Pixels
    dropped by a confidence threshold therefore still count in the
    denominator (UniMatch / FixMatch normalisation), so the loss does not
    grow as fewer pixels pass the threshold. With ``num_valid=None`` it is
    the plain mean over pixels that have a label.

    Args:
        logits (Tensor): (N, C, H, W) student logits.
        labels (Tensor): (N, H, W) long pseudo labels.
        num_valid (Tensor, optional): number of content pixels.
        ignore_index (int): label to skip.
    """
    pixel_loss = F.cross_entropy(
        logits, labels, ignore_index=ignore_index, reduction='none')
    if num_valid is None:
        num_valid = (labels != ignore_index).sum()
    return pixel_loss.sum() / num_valid.clamp(min=1)


def softmax_mse(student_logits: Tensor, teacher_logits: Tensor,
                valid: Tensor) -> Tensor:
    r"""Mean squared difference of class probabilities on content pixels.

    .. math::
        \mathcal{L} = \frac{1}{C\,|V|} \sum_{p \in V} \sum_c
        \big(\sigma(z^s_p)_c - \sigma(z^t_p)_c\big)^2

    The Mean Teacher consistency cost (Tarvainen & Valpola 2017, Eq. 1 with
    squared error); gradient flows into the student only.

    Args:
        student_logits, teacher_logits (Tensor): (N, C, H, W).
        valid (Tensor): (N, H, W) bool content mask.
    """
    student_prob = student_logits.softmax(dim=1)
    teacher_prob = teacher_logits.detach().softmax(dim=1)
    sq_error = (student_prob - teacher_prob).pow(2).sum(dim=1)  # (N, H, W)
    num_classes = student_logits.shape[1]
    denom = valid.sum().clamp(min=1) * num_classes
    return (sq_error * valid).sum() / denom

