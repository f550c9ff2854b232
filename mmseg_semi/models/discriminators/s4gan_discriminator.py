"""The s4GAN discriminator (Mittal et al., TPAMI 2021)."""
from typing import Tuple

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmseg.registry import MODELS
from mmseg.utils import OptMultiConfig


@MODELS.register_module()
class S4GANDiscriminator(BaseModule):
    """Image-level real/fake critic of a (class map, image) pair.

    Input: ``(N, C + 3, H, W)``, the class probabilities (softmax
    prediction, or the one-hot ground truth) followed by the image scaled
    to [0, 1], in that order. Four 4x4 stride-2 convolutions with
    ``channels`` = 64-128-256-512 (bias, no normalisation), each followed by
    LeakyReLU(``negative_slope``) and, after the first three,
    ``Dropout2d(dropout)``; then global average pooling, whose
    ``(N, channels[-1])`` output is the feature-matching feature, and a
    linear layer to one logit per image.

    The official code pools with a fixed ``AvgPool2d`` sized to the crop
    (20x20 for 321-px VOC crops, 16x32 for Cityscapes), i.e. a global
    average for exactly that input size; adaptive global pooling gives the
    same value there and accepts any size.

    Args:
        in_channels (int): ``num_classes + 3``.
        channels (tuple[int]): output channels of the four convolutions.
        negative_slope (float): LeakyReLU slope. Defaults to 0.2.
        dropout (float): ``Dropout2d`` probability. Defaults to 0.5.
        init_cfg (dict, optional): MMEngine init config; by default
            PyTorch's own initialisation, as the official code.

    Returns (``forward``):
        tuple[Tensor, Tensor]: ``(N, 1)`` logits (the official code applies
        the sigmoid inside the network; here it is left to the loss and
        the self-training gate) and ``(N, channels[-1])`` pooled features.
    """

    def __init__(self,
                 in_channels: int,
                 channels: Tuple[int, ...] = (64, 128, 256, 512),
                 negative_slope: float = 0.2,
                 dropout: float = 0.5,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if in_channels < 4:
            raise ValueError(
                f'in_channels={in_channels}: expected num_classes + 3 '
                '(class probabilities followed by the RGB image)')
        layers = []
        prev = in_channels
        for i, out in enumerate(channels):
            layers += [
                nn.Conv2d(prev, out, kernel_size=4, stride=2, padding=1),
                nn.LeakyReLU(negative_slope, inplace=True)
            ]
            if i < len(channels) - 1:
                layers.append(nn.Dropout2d(dropout))
            prev = out
        self.in_channels = in_channels
        self.convs = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(prev, 1)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        if x.dim() != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f'S4GANDiscriminator expects (N, {self.in_channels}, H, W) '
                f'input, got {tuple(x.shape)}')
        features = self.pool(self.convs(x)).flatten(1)
        return self.fc(features), features
