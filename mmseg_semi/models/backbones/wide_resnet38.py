"""WideResNet-38: the pre-activation backbone of the single-stage WSSS
reference (Wu, Shen, van den Hengel, "Wider or Deeper", 2019, model A1)."""
from typing import Dict, List, Optional, Sequence

import torch.nn.functional as F
from mmcv.cnn import build_norm_layer
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmseg.registry import MODELS
from .frozen_stages import FrozenStagesMixin

# (blocks, block type, in, mid, out, stride, dilation of the first conv,
# dilation) of the six stages after the stem; output stride 8. The
# bottlenecks' widths follow from ``out`` (``mid`` is unused for them).
STAGES = (
    (3, 'basic', 64, 128, 128, 2, 1, 1),
    (3, 'basic', 128, 256, 256, 2, 1, 1),
    (6, 'basic', 256, 512, 512, 2, 1, 1),
    (3, 'basic', 512, 512, 1024, 1, 1, 2),
    (1, 'bottleneck', 1024, 512, 2048, 1, 4, 4),
    (1, 'bottleneck', 2048, 1024, 4096, 1, 4, 4),
)


def conv(cin: int, cout: int, kernel: int, stride: int = 1,
         dilation: int = 1) -> nn.Conv2d:
    """A bias-free conv with 'same' padding for odd kernels."""
    return nn.Conv2d(cin, cout, kernel, stride,
                     padding=dilation * (kernel // 2), dilation=dilation,
                     bias=False)


class PreActBasicBlock(nn.Module):
    """``x + conv3x3(act(conv3x3(act(x))))`` with ``act = ReLU(BN(.))``
    (He et al. 2016, identity mappings). When the shape changes the
    shortcut is a 1x1 conv of ``act(x)``, not of ``x``.

    Shapes: (N, in, H, W) -> (N, out, H / stride, W / stride).
    """

    def __init__(self, in_channels: int, mid_channels: int,
                 out_channels: int, stride: int, first_dilation: int,
                 dilation: int, norm_cfg: dict) -> None:
        super().__init__()
        self.norm1 = build_norm_layer(norm_cfg, in_channels)[1]
        self.conv1 = conv(in_channels, mid_channels, 3, stride,
                          first_dilation)
        self.norm2 = build_norm_layer(norm_cfg, mid_channels)[1]
        self.conv2 = conv(mid_channels, out_channels, 3, 1, dilation)
        self.shortcut = None
        if in_channels != out_channels or stride != 1:
            self.shortcut = conv(in_channels, out_channels, 1, stride)

    def forward(self, x: Tensor) -> Tensor:
        act = F.relu(self.norm1(x))
        identity = x if self.shortcut is None else self.shortcut(act)
        out = self.conv1(act)
        out = self.conv2(F.relu(self.norm2(out)))
        return identity + out


class PreActBottleneck(nn.Module):
    """The pre-activation bottleneck of the last two stages: 1x1 to
    ``out / 4``, dilated 3x3 to ``out / 2``, 1x1 to ``out``, channel
    dropout (``Dropout2d``) before the last two convs, and a 1x1-conv
    shortcut of ``act(x)``.

    Shapes: (N, in, H, W) -> (N, out, H / stride, W / stride).
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int,
                 dilation: int, dropout: float, norm_cfg: dict) -> None:
        super().__init__()
        quarter, half = out_channels // 4, out_channels // 2
        self.norm1 = build_norm_layer(norm_cfg, in_channels)[1]
        self.conv1 = conv(in_channels, quarter, 1, stride)
        self.norm2 = build_norm_layer(norm_cfg, quarter)[1]
        self.conv2 = conv(quarter, half, 3, 1, dilation)
        self.norm3 = build_norm_layer(norm_cfg, half)[1]
        self.conv3 = conv(half, out_channels, 1)
        self.dropout = nn.Dropout2d(dropout)
        self.shortcut = conv(in_channels, out_channels, 1, stride)

    def forward(self, x: Tensor) -> Tensor:
        act = F.relu(self.norm1(x))
        identity = self.shortcut(act)
        out = self.conv1(act)
        out = self.conv2(self.dropout(F.relu(self.norm2(out))))
        out = self.conv3(self.dropout(F.relu(self.norm3(out))))
        return identity + out


@MODELS.register_module()
class WideResNet38(FrozenStagesMixin, BaseModule):
    """WideResNet-38 at output stride 8, as the single-stage WSSS reference
    builds it (reference/wseg_cyclegan.md A3).

    A 3x3 stem conv (64 channels, stride 1) and six stages
    (``layer1``-``layer6``) of pre-activation blocks::

        layer  blocks          channels  stride  dilation
        1      3 basic         128       2       1
        2      3 basic         256       4       1
        3      6 basic         512       8       1
        4      3 basic         1024      8       2 (first conv 1)
        5      1 bottleneck    2048      8       4, Dropout2d 0.3
        6      1 bottleneck    4096      8       4, Dropout2d 0.5

    A pre-activation block's output is the raw residual sum, so ``layer1``
    to ``layer5`` are output as such (the reference's shallow feature
    ``conv3`` is the raw output of ``layer2``), and ``layer6`` after a final
    BN + ReLU (its ``conv6``)::

        inputs (N, 3, H, W) -> [(N, 256, H/4, W/4), (N, 4096, H/8, W/8)]
                               with out_indices=(1, 5)

    ImageNet weights: convert the reference's
    ``ilsvrc-cls_rna-a1_cls1000_ep-0001.pth`` with
    ``tools/model_converters/wide_resnet382mmseg.py`` and point
    ``init_cfg=dict(type='Pretrained', checkpoint=...)`` at the result.

    Args:
        out_indices (Sequence[int]): stages to output (0-5).
        frozen_stages (int): freeze the stem and ``layer1`` ..
            ``layer{frozen_stages}`` (-1: nothing, 0: the stem; the
            reference freezes the stem and ``layer1``, i.e. 1).
        norm_cfg (dict): norm layers.
        norm_eval (bool): keep norm layers in eval mode while training.
        dropout (Sequence[float]): ``Dropout2d`` rates of ``layer5`` and
            ``layer6`` (the reference's 0.3 and 0.5).
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 out_indices: Sequence[int] = (1, 5),
                 frozen_stages: int = -1,
                 norm_cfg: dict = dict(type='BN', requires_grad=True),
                 norm_eval: bool = False,
                 dropout: Sequence[float] = (0.3, 0.5),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if not set(out_indices) <= set(range(6)):
            raise ValueError(f'out_indices must be in 0..5, got {out_indices}')
        if not -1 <= frozen_stages <= 6:
            raise ValueError(
                f'frozen_stages must be in -1..6, got {frozen_stages}')
        if len(dropout) != 2:
            raise ValueError('dropout gives the rates of layer5 and layer6, '
                             f'got {dropout}')
        self.out_indices = tuple(out_indices)
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        self.stem = conv(3, 64, 3)
        self.out_channels: List[int] = []
        rates: Dict[int, float] = {4: dropout[0], 5: dropout[1]}
        for i, (blocks, kind, cin, mid, cout, stride, first_dilation,
                dilation) in enumerate(STAGES):
            layer = []
            for j in range(blocks):
                if kind == 'basic':
                    layer.append(
                        PreActBasicBlock(
                            cin if j == 0 else cout, mid, cout,
                            stride if j == 0 else 1,
                            first_dilation if j == 0 else dilation, dilation,
                            norm_cfg))
                else:
                    layer.append(
                        PreActBottleneck(cin, cout, stride, dilation,
                                         rates[i], norm_cfg))
            self.add_module(f'layer{i + 1}', nn.Sequential(*layer))
            self.out_channels.append(cout)
        self.final_norm = build_norm_layer(norm_cfg, STAGES[-1][4])[1]
        self._freeze_stages()

    def forward(self, x: Tensor) -> List[Tensor]:
        x = self.stem(x)
        outs = []
        for i in range(6):
            x = getattr(self, f'layer{i + 1}')(x)
            if i == 5:
                x = F.relu(self.final_norm(x))
            if i in self.out_indices:
                outs.append(x)
        return outs

    def frozen_modules(self) -> List[nn.Module]:
        """The stem and ``layer1`` .. ``layer{frozen_stages}`` (and the
        final norm with all six)."""
        if self.frozen_stages < 0:
            return []
        modules = [self.stem] + [
            getattr(self, f'layer{i}')
            for i in range(1, self.frozen_stages + 1)
        ]
        if self.frozen_stages == 6:
            modules.append(self.final_norm)
        return modules
