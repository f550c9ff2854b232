"""Turning a model's logits into pseudo labels for another model."""
from typing import List, NamedTuple

import torch
from torch import Tensor

from mmseg.structures import SegDataSample
from .labels import IGNORE_INDEX


class PseudoLabels(NamedTuple):
    """Hard pseudo labels of a batch.

    Attributes:
        labels (Tensor): (N, H, W) long, the argmax class, or
            ``ignore_index`` where the pixel is padding or below the
            confidence threshold.
        confidence (Tensor): (N, H, W) float, the max softmax probability.
        mask (Tensor): (N, H, W) bool, pixels that carry a pseudo label.
        valid (Tensor): (N, H, W) bool, pixels that are image content.
    """
    labels: Tensor
    confidence: Tensor
    mask: Tensor
    valid: Tensor

    @property
    def mask_ratio(self) -> Tensor:
        """Share of content pixels that got a pseudo label (for logging)."""
        num_valid = self.valid.sum().clamp(min=1)
        return self.mask.sum().float() / num_valid


def valid_pixel_mask(data_samples: List[SegDataSample],
                     ignore_index: int = IGNORE_INDEX) -> Tensor:
    """(N, H, W) bool: True on image content, False on padding.

    Unlabelled samples carry the map of :class:`LoadEmptySegAnnotation`
    (254 on content) padded with ``ignore_index`` by the data preprocessor,
    so only the padding equals ``ignore_index``. Class indices are never
    read.
    """
    maps = []
    for sample in data_samples:
        if 'gt_sem_seg' not in sample:
            raise KeyError(
                'an unlabelled sample has no gt_sem_seg, so padding cannot '
                'be told from content: add dict(type="LoadEmptySegAnnotation")'
                ' after LoadImageFromFile in the unlabelled pipeline '
                f'(image {sample.metainfo.get("img_path")})')
        maps.append(sample.gt_sem_seg.data[0])
    return torch.stack(maps) != ignore_index


def pseudo_labels_from_logits(logits: Tensor,
                              valid: Tensor,
                              threshold: float = 0.0,
                              ignore_index: int = IGNORE_INDEX) -> PseudoLabels:
    """Hard pseudo labels from (N, C, H, W) logits at input resolution.

    A pixel keeps its argmax class when it is content (``valid``) and its
    max softmax probability is ``>= threshold``; otherwise it gets
    ``ignore_index``. Nothing here carries gradient.

    Args:
        logits (Tensor): (N, C, H, W) logits, same H, W as ``valid``.
        valid (Tensor): (N, H, W) bool content mask.
        threshold (float): confidence threshold in [0, 1]; 0 keeps all.
        ignore_index (int): label of pixels without a pseudo label.
    """
    if logits.shape[-2:] != valid.shape[-2:]:
        raise ValueError(
            f'logits {tuple(logits.shape)} and valid mask '
            f'{tuple(valid.shape)} differ in size; resize the logits to the '
            'input resolution first')
    with torch.no_grad():
        confidence, labels = logits.detach().softmax(dim=1).max(dim=1)
        mask = valid & (confidence >= threshold)
        labels = labels.masked_fill(~mask, ignore_index)
    return PseudoLabels(labels, confidence, mask, valid)
