"""The size-focal penalty of single-stage WSSS (Araslanov & Roth)."""
import torch
from torch import Tensor, nn

from mmseg.registry import MODELS


@MODELS.register_module()
class SizeFocalLoss(nn.Module):
    r"""Focal mask-size penalty added to the nGWP class scores.

    With :math:`\bar m_c` the mean of class :math:`c`'s mask over the image,

    .. math::
        s^{size}_c = (1 - \bar m_c)^{p}\, \log(\lambda + \bar m_c)

    (Eq. 4 of Araslanov & Roth, CVPR 2020). It is added to the score of
    *every* class, present or not: a class with a small mask gets a large
    negative score, so the multi-label loss pushes masks of present classes
    to grow, while the focal factor :math:`(1 - \bar m_c)^p` switches the
    penalty off once a mask is large.

    Args:
        gamma (float): the focal exponent :math:`p`. Defaults to 3.
        size_eps (float): :math:`\lambda`. Defaults to 0.01.
    """

    def __init__(self, gamma: float = 3.0, size_eps: float = 0.01) -> None:
        super().__init__()
        if size_eps <= 0:
            raise ValueError(f'size_eps must be > 0, got {size_eps}')
        self.gamma = gamma
        self.size_eps = size_eps

    def forward(self, masks: Tensor) -> Tensor:
        """(N, C, H, W) soft masks -> (N, C) penalties (<= 0)."""
        mean = masks.flatten(2).mean(-1)
        return (1.0 - mean).pow(self.gamma) * torch.log(self.size_eps + mean)
