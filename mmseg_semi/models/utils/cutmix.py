"""CutMix for segmentation: box masks and mixing of batches."""
import math
from typing import Optional, Sequence, Tuple

import torch
from torch import Tensor

from mmseg.registry import TASK_UTILS
from mmseg.utils import SampleList


@TASK_UTILS.register_module()
class BoxMaskGenerator:
    r"""Random rectangle masks of CutMix-Seg (French et al., BMVC 2020), as
    used by CPS.

    For each of ``n_boxes`` boxes an area proportion :math:`a \sim
    U(\text{prop\_range})` is drawn; the box's height fraction is
    :math:`h = \exp(u \ln a)`, :math:`u \sim U(0, 1)` (so :math:`h \in [a,
    1]`), its width fraction :math:`w = a / h`, both scaled by
    :math:`\sqrt{1 / n_{boxes}}`; sizes are rounded to pixels and the box is
    placed uniformly inside the image. The mask starts at 0 and every box
    *toggles* its pixels, so overlapping parts of two boxes are 0 again.
    Pixels with mask 1 take the partner image's content.

    Registered in ``TASK_UTILS``: methods build their mask generator from a
    config such as ``dict(type='BoxMaskGenerator', n_boxes=3)``. Draws come
    from the ``generator`` argument (a method passes
    :func:`step_generator`, so boxes differ between ranks and are the same
    after a resume).

    Args:
        n_boxes (int): boxes per mask. Defaults to 3.
        prop_range (tuple[float, float]): range of each box's area
            proportion before the :math:`1/n_{boxes}` scaling.
            Defaults to (0.25, 0.5).
    """

    def __init__(self,
                 n_boxes: int = 3,
                 prop_range: Sequence[float] = (0.25, 0.5)) -> None:
        if n_boxes < 1:
            raise ValueError(f'n_boxes must be >= 1, got {n_boxes}')
        low, high = prop_range
        if not 0 < low <= high <= 1:
            raise ValueError(
                f'prop_range must satisfy 0 < low <= high <= 1, got '
                f'{tuple(prop_range)}')
        self.n_boxes = n_boxes
        self.prop_range = (float(low), float(high))

    def rectangles(self,
                   num_masks: int,
                   shape: Tuple[int, int],
                   generator: Optional[torch.Generator] = None) -> Tensor:
        """(num_masks, n_boxes, 4) long boxes ``(y0, x0, y1, x1)``."""
        size = (num_masks, self.n_boxes)
        low, high = self.prop_range
        props = low + (high - low) * torch.rand(
            size, generator=generator, dtype=torch.float64)
        y_props = torch.exp(
            torch.rand(size, generator=generator, dtype=torch.float64) *
            torch.log(props))
        x_props = props / y_props
        scale = math.sqrt(1.0 / self.n_boxes)
        extent = torch.tensor(shape, dtype=torch.float64)
        sizes = torch.round(
            torch.stack([y_props, x_props], dim=-1) * scale * extent)
        positions = torch.round(
            (extent - sizes) *
            torch.rand(sizes.shape, generator=generator, dtype=torch.float64))
        return torch.cat([positions, positions + sizes], dim=-1).long()

    @staticmethod
    def masks_from_rectangles(rectangles: Tensor,
                              shape: Tuple[int, int]) -> Tensor:
        """(N, 1, H, W) float masks: 0, and each box toggles its pixels."""
        num_masks = rectangles.shape[0]
        masks = torch.zeros((num_masks, 1) + tuple(shape))
        for mask, boxes in zip(masks, rectangles.tolist()):
            for y0, x0, y1, x1 in boxes:
                mask[:, y0:y1, x0:x1] = 1 - mask[:, y0:y1, x0:x1]
        return masks

    def __call__(self,
                 num_masks: int,
                 shape: Tuple[int, int],
                 generator: Optional[torch.Generator] = None) -> Tensor:
        """(num_masks, 1, H, W) float masks with values in {0, 1}."""
        return self.masks_from_rectangles(
            self.rectangles(num_masks, shape, generator), shape)


def mix_by_mask(base: Tensor, partner: Tensor, mask: Tensor) -> Tensor:
    """``base * (1 - mask) + partner * mask``, pixel by pixel.

    Works for images/logits (N, C, H, W) with a (N, 1, H, W) mask and for
    label or validity maps (N, H, W) (any dtype) with the same mask: the
    result keeps the dtype of ``base``.
    """
    if base.shape != partner.shape:
        raise ValueError(f'cannot mix {tuple(base.shape)} with '
                         f'{tuple(partner.shape)}')
    if base.dim() == 3:
        keep_partner = mask[:, 0].bool()
    else:
        keep_partner = mask.bool().expand_as(base)
    return torch.where(keep_partner, partner, base)


def cutmix_partners(data_samples: SampleList) -> Tuple[Tensor, Tensor]:
    """Indices ``(base, partner)`` pairing the first half of a batch with
    the second, so that no image is mixed with itself.

    Sample ``i`` of the first half is paired with sample ``n + i`` of the
    second; if both are the same image (a sampler pass boundary can repeat
    an image within a batch), another second-half image is used.

    Args:
        data_samples (list[SegDataSample]): the batch (an even number >= 2
            of samples, ``img_path`` in their metainfo).
    """
    num = len(data_samples)
    if num < 2 or num % 2:
        raise ValueError(
            f'CutMix mixes the two halves of the unlabelled batch, so it '
            f'needs an even number >= 2 of unlabelled images per batch (per '
            f'GPU), got {num}: set MultiSourceSampler source_ratio so the '
            'unlabelled share is twice the labelled one')
    half = num // 2
    paths = [s.metainfo.get('img_path') for s in data_samples]
    partners = []
    for i in range(half):
        candidates = [half + (i + k) % half for k in range(half)]
        different = [j for j in candidates if paths[j] != paths[i]]
        if not different:
            raise ValueError(
                f'CutMix: no image of the batch differs from {paths[i]}; it '
                'cannot be mixed with itself')
        partners.append(different[0])
    return torch.arange(half), torch.tensor(partners)
