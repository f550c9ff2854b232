"""The class-balanced, per-image gated self-training loss of single-stage
WSSS (Araslanov & Roth, CVPR 2020)."""
import torch.nn.functional as F
from torch import Tensor

from ..utils.labels import IGNORE_INDEX


def balanced_gated_mask_loss(logits: Tensor, pseudo_labels: Tensor,
                             image_labels: Tensor) -> Tensor:
    r"""Class-balanced cross-entropy against pseudo labels, kept only for
    images whose pseudo label holds every tagged class and the background.

    Per image :math:`b`, with :math:`N_c` the pixels labelled :math:`c`,
    :math:`N = \sum_c N_c` and :math:`w_c = (N - N_c) / (1 + N)`,

    .. math::
        \mathcal{L}_b = g_b\, \frac{1}{HW} \sum_i w_{\hat y_i}\,
            \mathrm{CE}(y_i, \hat y_i),
        \qquad
        g_b = [\,|\{c : N_c > 0\}| = |\{c : z_c = 1\}| + 1\,],

    summed over all :math:`HW` pixels (ignored ones contribute 0 but count
    in the mean), and :math:`\mathcal{L} = \frac{1}{B}\sum_b \mathcal{L}_b`.

    Args:
        logits (Tensor): (B, 1 + C, H, W) logits, background first.
        pseudo_labels (Tensor): (B, H, W) labels in ``0..C`` or
            ``IGNORE_INDEX``.
        image_labels (Tensor): (B, C) multi-hot foreground tags :math:`z`.

    Returns:
        Tensor: scalar.
    """
    if logits.shape[-2:] != pseudo_labels.shape[-2:]:
        raise ValueError(f'logits {tuple(logits.shape)} and pseudo labels '
                         f'{tuple(pseudo_labels.shape)} differ in size')
    num_channels = logits.shape[1]
    valid = pseudo_labels != IGNORE_INDEX
    one_hot = F.one_hot(pseudo_labels.where(valid, 0),
                        num_channels).permute(0, 3, 1, 2)
    one_hot = one_hot * valid[:, None]
    counts = one_hot.flatten(2).sum(-1).float()  # B, 1 + C
    total = counts.sum(-1, keepdim=True)
    class_weight = (total - counts) / (1.0 + total)
    pixel_weight = (one_hot * class_weight[:, :, None, None]).sum(1)
    ce = F.cross_entropy(
        logits, pseudo_labels, ignore_index=IGNORE_INDEX, reduction='none')
    per_image = (pixel_weight * ce).flatten(1).mean(-1)
    gate = ((counts > 0).sum(-1) == image_labels.sum(-1) + 1).to(ce.dtype)
    return (gate * per_image).mean()
