"""Cosine consistency between student and teacher logits (MLMT)."""
import torch.nn.functional as F
from torch import Tensor


def cosine_consistency(student_logits: Tensor,
                       teacher_logits: Tensor) -> Tensor:
    r"""Mean cosine distance between two sets of logit vectors.

    .. math::
        \mathcal{L}_{cons} = \frac{1}{N}\sum_{i=1}^{N}\Big(1 -
            \frac{z^s_i \cdot z^t_i}{\lVert z^s_i\rVert\,\lVert z^t_i\rVert}
        \Big)

    MLMT's consistency term (Mittal et al., TPAMI 2021, Sec. 4; the official
    code's ``CosineEmbeddingLoss`` with target 1), on *pre-sigmoid* logits.
    The teacher side is detached: only the student learns from it.

    Args:
        student_logits (Tensor): (N, C), with gradient.
        teacher_logits (Tensor): (N, C).

    Returns:
        Tensor: scalar in [0, 2].
    """
    if student_logits.shape != teacher_logits.shape:
        raise ValueError(
            f'student logits {tuple(student_logits.shape)} and teacher '
            f'logits {tuple(teacher_logits.shape)} differ in shape')
    cosine = F.cosine_similarity(
        student_logits, teacher_logits.detach(), dim=1, eps=1e-8)
    return (1.0 - cosine).mean()
