"""Normalised global weighted pooling (nGWP, Araslanov & Roth, CVPR 2020)."""
from torch import Tensor


def normalised_global_weighted_pooling(logits: Tensor,
                                       masks: Tensor,
                                       eps: float = 1.0) -> Tensor:
    r"""Class scores pooled from pixel logits, weighted by the soft masks.

    .. math::
        s^{nGWP}_c = \frac{\sum_i y_{c,i}\, m_{c,i}}{\epsilon + \sum_i m_{c,i}}

    over all pixels :math:`i` (Eq. 3 of the paper). :math:`\epsilon` is in
    pixel-count units (the reference: 1 at stride 4), so it only matters
    for classes with almost no mask.

    Args:
        logits (Tensor): (N, C, H, W) logits :math:`y`.
        masks (Tensor): (N, C, H, W) masks :math:`m` (softmax of
            :math:`y` over C).
        eps (float): :math:`\epsilon`. Defaults to 1.

    Returns:
        Tensor: (N, C) scores.
    """
    if logits.shape != masks.shape:
        raise ValueError(f'logits {tuple(logits.shape)} and masks '
                         f'{tuple(masks.shape)} differ in shape')
    weighted = (logits * masks).flatten(2).sum(-1)
    return weighted / (eps + masks.flatten(2).sum(-1))
