"""Cross-entropy averaged over the pixels a pixel sampler kept."""
from typing import Optional

from torch import Tensor

from mmseg.models.losses import CrossEntropyLoss
from mmseg.registry import MODELS


@MODELS.register_module()
class SampledPixelCrossEntropyLoss(CrossEntropyLoss):
    r"""MMSeg's ``CrossEntropyLoss``, averaged over the pixels kept by the
    decode head's pixel sampler (e.g. ``OHEMPixelSampler``).

    .. math::
        \mathcal{L} = \frac{\sum_p w_p\, \ell_{ce}(z_p, y_p)}{\sum_p w_p}

    with :math:`w_p` the sampler's weight of pixel :math:`p` (1 kept, 0
    dropped or ignored). This is the normalisation of the official OHEM
    loss of CPS / UniMatch (``ProbOhemCrossEntropy2d``: dropped pixels are
    set to the ignore label, then ``CrossEntropyLoss(reduction='mean')``).
    MMSeg's own ``CrossEntropyLoss`` divides the same sum by every
    non-ignored pixel (``avg_non_ignore=True``) or every pixel, so with OHEM
    its loss shrinks as fewer pixels stay hard: late in training about 0.1
    of the official value, which changes the balance between the supervised
    loss and an unsupervised one by as much.

    Without a sampler (``weight=None``) it is the mean over non-ignored
    pixels, i.e. ``CrossEntropyLoss(avg_non_ignore=True)``. Either way the
    denominator stays a tensor (MMSeg's own counts non-ignored pixels with
    ``.item()``, a device sync every step). Softmax only, no class weights
    (the official OHEM loss has none).

    Args:
        loss_weight (float): weight of the loss. Defaults to 1.0.
        loss_name (str): as ``CrossEntropyLoss``.
    """

    def __init__(self,
                 loss_weight: float = 1.0,
                 loss_name: str = 'loss_ce') -> None:
        super().__init__(
            use_sigmoid=False,
            use_mask=False,
            reduction='mean',
            class_weight=None,
            loss_weight=loss_weight,
            loss_name=loss_name,
            avg_non_ignore=True)

    def forward(self,
                cls_score: Tensor,
                label: Tensor,
                weight: Optional[Tensor] = None,
                avg_factor=None,
                reduction_override=None,
                ignore_index: int = -100,
                **kwargs) -> Tensor:
        """
        Args:
            cls_score (Tensor): (N, C, H, W) logits.
            label (Tensor): (N, H, W) labels.
            weight (Tensor, optional): (N, H, W) sampler weights.
        """
        if avg_factor is None:
            kept = label != ignore_index
            if weight is not None:
                kept = weight * kept
            avg_factor = kept.sum().clamp(min=1)
        return super().forward(
            cls_score,
            label,
            weight=weight,
            avg_factor=avg_factor,
            reduction_override=reduction_override,
            ignore_index=ignore_index,
            **kwargs)
