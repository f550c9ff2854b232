"""The ResNet image-to-image generator of CycleGAN (Johnson et al. 2016,
as Zhu et al. 2017 use it)."""
from typing import List, Optional

from mmcv.cnn import build_norm_layer
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmseg.registry import MODELS


class ResnetBlock(nn.Module):
    """``x + IN(conv3x3(Dropout(ReLU(IN(conv3x3(x))))))`` with reflection
    padding. Shape: (N, C, H, W) -> (N, C, H, W)."""

    def __init__(self, channels: int, norm_cfg: dict, dropout: float) -> None:
        super().__init__()
        layers = [
            nn.ReflectionPad2d(1),
            nn.Conv2d(channels, channels, 3),
            build_norm_layer(norm_cfg, channels)[1],
            nn.ReLU(inplace=True)
        ]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        layers += [
            nn.ReflectionPad2d(1),
            nn.Conv2d(channels, channels, 3),
            build_norm_layer(norm_cfg, channels)[1]
        ]
        self.body = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return x + self.body(x)


def generator_trunk(in_channels: int, base_channels: int, num_blocks: int,
                    norm_cfg: dict, dropout: float) -> List[nn.Module]:
    """The generator up to its last conv: (N, in_channels, H, W) ->
    (N, base_channels, H, W) (encoder, residual blocks, decoder)."""
    c = base_channels

    def norm_relu(channels):
        return [build_norm_layer(norm_cfg, channels)[1], nn.ReLU(inplace=True)]

    layers = [nn.ReflectionPad2d(3), nn.Conv2d(in_channels, c, 7),
              *norm_relu(c)]
    for mult in (1, 2):
        layers += [nn.Conv2d(c * mult, c * mult * 2, 3, 2, 1),
                   *norm_relu(c * mult * 2)]
    layers += [ResnetBlock(4 * c, norm_cfg, dropout)
               for _ in range(num_blocks)]
    for mult in (4, 2):
        layers += [nn.ConvTranspose2d(c * mult, c * mult // 2, 3, 2, 1,
                                      output_padding=1),
                   *norm_relu(c * mult // 2)]
    return layers


def check_generator_input(x: Tensor, in_channels: int, name: str) -> None:
    if x.shape[1] != in_channels:
        raise ValueError(f'{name} expects {in_channels} input channels, '
                         f'got {tuple(x.shape)}')
    if x.shape[-2] % 4 or x.shape[-1] % 4:
        raise ValueError(f'{name} needs a height and width divisible by 4, '
                         f'got {tuple(x.shape[-2:])}')


@MODELS.register_module()
class ResnetGenerator(BaseModule):
    """Encoder, residual blocks, decoder; the generator of CycleGAN.

    - encoder: reflection pad 3, conv7x7 (``in_channels`` -> ``base``),
      then two conv3x3 of stride 2 (``base`` -> 2 ``base`` -> 4 ``base``),
      each with norm and ReLU;
    - ``num_blocks`` :class:`ResnetBlock` at 4 ``base`` channels and
      stride 4, with ``Dropout(dropout)`` between their two convs;
    - decoder: two transposed conv3x3 of stride 2 (output padding 1) with
      norm and ReLU, reflection pad 3, conv7x7 to ``out_channels``; then
      ``tanh`` (an image generator) or nothing (``output_act=None``: logits,
      e.g. a segmentation generator).

    Shape: (N, in_channels, H, W) -> (N, out_channels, H, W) for H, W
    divisible by 4. Convs have biases (instance norm has no affine
    parameters), and weights are initialised N(0, 0.02) with zero biases,
    as in the CycleGAN segmentation reference (reference/wseg_cyclegan.md
    B3-B4: ``base=64``, 9 blocks, instance norm, dropout 0.5).

    Args:
        in_channels (int): input channels (3 for images; the number of
            classes for class maps).
        out_channels (int): output channels.
        base_channels (int): channels of the first conv (``ngf``).
        num_blocks (int): residual blocks.
        norm_cfg (dict): norm layers; default instance norm without affine
            parameters or running statistics.
        dropout (float): dropout rate inside the residual blocks.
        output_act (str, optional): ``'tanh'`` or None.
        init_cfg (dict, optional): MMEngine init config; default the
            reference's N(0, 0.02).
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 base_channels: int = 64,
                 num_blocks: int = 9,
                 norm_cfg: dict = dict(type='IN', affine=False),
                 dropout: float = 0.5,
                 output_act: Optional[str] = 'tanh',
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer=['Conv2d', 'ConvTranspose2d'],
                     mean=0.0, std=0.02, bias=0.0)) -> None:
        super().__init__(init_cfg=init_cfg)
        if output_act not in ('tanh', None):
            raise ValueError(
                f"output_act must be 'tanh' or None, got {output_act!r}")
        if num_blocks < 0 or base_channels < 1:
            raise ValueError('num_blocks must be >= 0 and base_channels >= '
                             f'1, got {num_blocks} and {base_channels}')
        self.in_channels = in_channels
        self.out_channels = out_channels
        layers = generator_trunk(in_channels, base_channels, num_blocks,
                                 norm_cfg, dropout)
        layers += [nn.ReflectionPad2d(3),
                   nn.Conv2d(base_channels, out_channels, 7)]
        if output_act == 'tanh':
            layers.append(nn.Tanh())
        self.model = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        check_generator_input(x, self.in_channels, type(self).__name__)
        return self.model(x)


@MODELS.register_module()
class ResnetGeneratorBackbone(BaseModule):
    """:class:`ResnetGenerator` without its last conv, as an MMSeg
    backbone: (N, in_channels, H, W) -> [(N, base_channels, H, W)].

    With :class:`ResnetGeneratorHead` (the last 7x7 conv as the classifier)
    in an ``EncoderDecoder`` it is the CycleGAN reference's segmentation
    generator (``resnet_9blocks`` without output activation), trained and
    evaluated through MMSeg's segmentor API.

    Args:
        in_channels (int): input channels. Defaults to 3.
        base_channels, num_blocks, norm_cfg, dropout, init_cfg: as
            :class:`ResnetGenerator`.
    """

    def __init__(self,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 num_blocks: int = 9,
                 norm_cfg: dict = dict(type='IN', affine=False),
                 dropout: float = 0.5,
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer=['Conv2d', 'ConvTranspose2d'],
                     mean=0.0, std=0.02, bias=0.0)) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = in_channels
        self.trunk = nn.Sequential(*generator_trunk(
            in_channels, base_channels, num_blocks, norm_cfg, dropout))

    def forward(self, x: Tensor) -> List[Tensor]:
        check_generator_input(x, self.in_channels, type(self).__name__)
        return [self.trunk(x)]
