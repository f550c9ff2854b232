"""Building the inputs of a segmentation discriminator: a class map (a
softmax prediction or a one-hot ground truth) stacked with its image."""
from typing import List, Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from mmseg.structures import SegDataSample
from .labels import IGNORE_INDEX


def min_max_scale(images: Tensor,
                  reference: Optional[Tensor] = None) -> Tensor:
    r"""(N, 3, H, W) images scaled to [0, 1] by one batch-wide range:

    .. math:: \tilde x = (x - \min r) / (\max r - \min r)

    with :math:`r` = ``reference`` (default: ``images`` itself), the min
    and max taken over the whole batch, as s4GAN does. A constant batch
    maps to 0."""
    reference = images if reference is None else reference
    low, high = reference.min(), reference.max()
    return (images - low) / (high - low).clamp(min=1e-12)


def one_hot_labels(data_samples: List[SegDataSample], num_classes: int,
                   ignore_index: int = IGNORE_INDEX) -> Tensor:
    """(N, num_classes, H, W) float one-hot maps of the samples' ground
    truth; pixels labelled ``ignore_index`` (unlabelled or padding) are
    all zero."""
    labels = torch.stack([s.gt_sem_seg.data[0] for s in data_samples]).long()
    ignored = labels == ignore_index
    bad = (labels < 0) | ((labels >= num_classes) & ~ignored)
    if bad.any():
        raise ValueError(
            f'label values {labels[bad].unique().tolist()} are outside '
            f'0..{num_classes - 1} and not the ignore index {ignore_index}')
    one_hot = F.one_hot(labels.masked_fill(ignored, 0), num_classes)
    one_hot = one_hot.permute(0, 3, 1, 2).float()
    return one_hot * (~ignored).unsqueeze(1).float()


def class_map_with_image(class_map: Tensor, images01: Tensor) -> Tensor:
    """(N, C + 3, H, W): the class map first, then the [0, 1] image."""
    if class_map.shape[0] != images01.shape[0] or \
            class_map.shape[-2:] != images01.shape[-2:]:
        raise ValueError(
            f'class map {tuple(class_map.shape)} and images '
            f'{tuple(images01.shape)} differ in batch or spatial size')
    return torch.cat([class_map, images01], dim=1)
