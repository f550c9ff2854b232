"""The 1x1 PatchGAN ("pixel") discriminator of CycleGAN."""
from typing import Optional

from mmcv.cnn import build_norm_layer
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmseg.registry import MODELS


@MODELS.register_module()
class PixelDiscriminator(BaseModule):
    """A real/fake score for every pixel, from that pixel alone.

    conv1x1 (``in_channels`` -> ``base``), LeakyReLU(0.2), conv1x1
    (``base`` -> 2 ``base``), norm, LeakyReLU(0.2), conv1x1 (-> 1); no
    sigmoid: the least-squares GAN loss reads the raw score
    (reference/wseg_cyclegan.md B4). Shape: (N, in_channels, H, W) ->
    (N, 1, H, W).

    Args:
        in_channels (int): 3 for images; the number of classes for class
            probabilities, or 1 for a class-index map.
        base_channels (int): channels of the first conv (``ndf``, 64).
        norm_cfg (dict): the norm after the second conv; default instance
            norm without affine parameters.
        negative_slope (float): LeakyReLU slope.
        init_cfg (dict, optional): default N(0, 0.02) weights, zero biases.
    """

    def __init__(self,
                 in_channels: int,
                 base_channels: int = 64,
                 norm_cfg: dict = dict(type='IN', affine=False),
                 negative_slope: float = 0.2,
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer='Conv2d', mean=0.0, std=0.02,
                     bias=0.0)) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = in_channels
        c = base_channels
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, c, 1), nn.LeakyReLU(negative_slope, True),
            nn.Conv2d(c, 2 * c, 1),
            build_norm_layer(norm_cfg, 2 * c)[1],
            nn.LeakyReLU(negative_slope, True), nn.Conv2d(2 * c, 1, 1))

    def forward(self, x: Tensor) -> Tensor:
        if x.shape[1] != self.in_channels:
            raise ValueError(f'PixelDiscriminator expects {self.in_channels}'
                             f' input channels, got {tuple(x.shape)}')
        return self.net(x)
