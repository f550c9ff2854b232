"""Pseudo labels of single-stage WSSS from refined masks and image tags."""
import torch
from torch import Tensor

from .labels import IGNORE_INDEX


def remove_absent_classes(masks: Tensor, image_labels: Tensor) -> Tensor:
    """Zero the foreground channels of classes absent from the tags.

    Args:
        masks (Tensor): (N, 1 + C, H, W), channel 0 the background.
        image_labels (Tensor): (N, C) multi-hot foreground tags.

    Returns:
        Tensor: (N, 1 + C, H, W); the background channel is kept.
    """
    if masks.shape[:2] != (image_labels.shape[0], image_labels.shape[1] + 1):
        raise ValueError(
            f'masks {tuple(masks.shape)} need 1 + C channels for the '
            f'(N, C) = {tuple(image_labels.shape)} tags')
    keep = torch.cat([torch.ones_like(image_labels[:, :1]), image_labels],
                     dim=1).to(masks.dtype)
    return masks * keep[:, :, None, None]


def masks_to_pseudo_labels(masks: Tensor,
                           fg_ratio: float = 0.6,
                           bg_ratio: float = 0.7,
                           floor: float = 0.2) -> Tensor:
    r"""Per-image relative thresholds on (cleaned, refined) soft masks.

    Pixel :math:`i` is positive for class :math:`c` if
    :math:`m_{c,i} > t_c = \max(r_c \max_j m_{c,j},\ \text{floor})` with
    :math:`r_0` = ``bg_ratio`` for the background (channel 0) and
    ``fg_ratio`` for the others. Its label is that class if exactly one
    class is positive, else ``IGNORE_INDEX`` (ambiguous or empty pixels).

    Args:
        masks (Tensor): (N, 1 + C, H, W) soft masks.

    Returns:
        Tensor: (N, H, W) int64 labels.
    """
    peak = masks.flatten(2).max(-1).values  # N, 1 + C
    ratios = torch.full_like(peak, fg_ratio)
    ratios[:, 0] = bg_ratio
    thresholds = torch.clamp(ratios * peak, min=floor)
    positive = masks > thresholds[:, :, None, None]
    labels = positive.float().argmax(1)
    labels[positive.sum(1) != 1] = IGNORE_INDEX
    return labels
