"""Between a segmentor's normalised inputs and a generator's [-1, 1]
images."""
from typing import Tuple

import torch
from torch import Tensor, nn


def normalisation_of(data_preprocessor: nn.Module) -> Tuple[Tensor, Tensor]:
    """(1, 3, 1, 1) ``mean`` and ``std`` (0-255 pixel units) a
    ``SegDataPreProcessor`` normalises with; (0, 1) when it does not
    normalise. A :class:`MultiBranchSegDataPreProcessor` is looked through
    to the preprocessor it wraps."""
    inner = getattr(data_preprocessor, 'data_preprocessor', data_preprocessor)
    if not getattr(inner, '_enable_normalize', False):
        zero = torch.zeros(1, 3, 1, 1)
        return zero, torch.ones_like(zero)
    return inner.mean.view(1, -1, 1, 1), inner.std.view(1, -1, 1, 1)


def to_tanh_range(inputs: Tensor, mean: Tensor, std: Tensor) -> Tensor:
    r"""(N, 3, H, W) normalised inputs :math:`x` as images in [-1, 1]:
    :math:`(x \sigma + \mu) / 127.5 - 1`, the range of a tanh generator
    (the CycleGAN reference normalises every image this way)."""
    return (inputs * std.to(inputs) + mean.to(inputs)) / 127.5 - 1.0


def from_tanh_range(images: Tensor, mean: Tensor, std: Tensor) -> Tensor:
    r"""The inverse of :func:`to_tanh_range`: [-1, 1] images as the
    segmentor's normalised inputs, :math:`((y + 1)\,127.5 - \mu) / \sigma`."""
    return ((images + 1.0) * 127.5 - mean.to(images)) / std.to(images)
