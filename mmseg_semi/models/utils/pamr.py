"""Pixel-adaptive mask refinement (PAMR, Araslanov & Roth, CVPR 2020)."""
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def neighbour_stack(x: Tensor, dilations: Sequence[int]) -> Tensor:
    """The 8 neighbours of every pixel at each dilation.

    Args:
        x (Tensor): (N, C, H, W).
        dilations (Sequence[int]): :math:`d_1, \\dots, d_D`.

    Returns:
        Tensor: (N, C, 8D, H, W): for each dilation :math:`d` the pixels at
        offsets :math:`\\{-d, 0, d\\}^2 \\setminus \\{(0, 0)\\}`, with
        replicate padding at the border.
    """
    height, width = x.shape[-2:]
    stacks = []
    for d in dilations:
        padded = F.pad(x, [d, d, d, d], mode='replicate')
        for dy in (-d, 0, d):
            for dx in (-d, 0, d):
                if dy == 0 and dx == 0:
                    continue
                stacks.append(padded[..., d + dy:d + dy + height,
                                     d + dx:d + dx + width])
    return torch.stack(stacks, dim=2)


class PAMR(nn.Module):
    r"""Refine soft masks by propagating them between pixels of similar
    colour (Araslanov & Roth, CVPR 2020, Sec. 3.3). No learnable
    parameters.

    For every pixel :math:`i` and its :math:`P = 8D` neighbours :math:`j`
    (:func:`neighbour_stack`), with :math:`\sigma_k(i)` the unbiased
    standard deviation of colour channel :math:`k` over the 9-pixel windows
    of all :math:`D` dilations (the centre counted :math:`D` times),

    .. math::
        \hat a(i, j) = -\frac{1}{K}\sum_k
            \frac{|I_k(i) - I_k(j)|}{10^{-8} + \tau\,\sigma_k(i)},
        \qquad
        \alpha(i, \cdot) = \mathrm{softmax}_j\, \hat a(i, \cdot),

    and the masks are updated ``num_iter`` times with
    :math:`m(i) \leftarrow \sum_j \alpha(i, j)\, m(j)` (the centre is not
    among the :math:`j`). The affinities are computed once.

    Args:
        num_iter (int): update steps. Defaults to 10.
        dilations (Sequence[int]): Defaults to (1, 2, 4, 8, 12, 24).
        temperature (float): :math:`\tau`. Defaults to 0.1.
    """

    def __init__(self,
                 num_iter: int = 10,
                 dilations: Sequence[int] = (1, 2, 4, 8, 12, 24),
                 temperature: float = 0.1) -> None:
        super().__init__()
        if num_iter < 0:
            raise ValueError(f'num_iter must be >= 0, got {num_iter}')
        if not dilations or min(dilations) < 1:
            raise ValueError(f'dilations must be >= 1, got {dilations}')
        self.num_iter = num_iter
        self.dilations = tuple(dilations)
        self.temperature = temperature

    def affinity(self, image: Tensor) -> Tensor:
        """(N, K, H, W) image -> (N, P, H, W) weights :math:`\\alpha`."""
        neighbours = neighbour_stack(image, self.dilations)  # N,K,P,H,W
        windows = torch.cat(
            [neighbours,
             image.unsqueeze(2).expand(-1, -1, len(self.dilations), -1, -1)],
            dim=2)
        sigma = windows.std(dim=2, keepdim=True, unbiased=True)
        distance = (neighbours - image.unsqueeze(2)).abs() / (
            1e-8 + self.temperature * sigma)
        return F.softmax(-distance.mean(dim=1), dim=1)

    @torch.no_grad()
    def forward(self, image: Tensor, masks: Tensor) -> Tensor:
        """Refine ``masks``.

        Args:
            image (Tensor): (N, K, H, W) colour image at the masks' size
                (the reference: the de-normalised, colour-jittered crop in
                [0, 1]).
            masks (Tensor): (N, C, H, W) soft masks.

        Returns:
            Tensor: (N, C, H, W) refined masks, without gradient.
        """
        if image.shape[-2:] != masks.shape[-2:] or \
                image.shape[0] != masks.shape[0]:
            raise ValueError(
                f'PAMR: image {tuple(image.shape)} and masks '
                f'{tuple(masks.shape)} must have the same N, H and W')
        alpha = self.affinity(image.float()).unsqueeze(1)  # N,1,P,H,W
        masks = masks.float()
        for _ in range(self.num_iter):
            masks = (neighbour_stack(masks, self.dilations) * alpha).sum(2)
        return masks
