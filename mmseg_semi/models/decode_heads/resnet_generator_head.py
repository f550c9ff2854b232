"""The last conv of the CycleGAN reference's segmentation generator as an
MMSeg decode head."""
from typing import List

from torch import Tensor, nn

from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.registry import MODELS


@MODELS.register_module()
class ResnetGeneratorHead(BaseDecodeHead):
    """Reflection pad 3 and a 7x7 conv from the features of
    :class:`ResnetGeneratorBackbone` to class logits, at the input
    resolution: (N, channels, H, W) -> (N, num_classes, H, W).

    It replaces MMSeg's 1x1 ``conv_seg`` and has no other layer; losses,
    ``predict`` and ``ignore_index`` are MMSeg's. Initialised N(0, 0.02)
    with a zero bias, as the reference's generator.

    Args:
        kernel_size (int): 7 in the reference.
        **kwargs: :class:`BaseDecodeHead` arguments; ``in_channels`` and
            ``channels`` both equal the backbone's ``base_channels``.
    """

    def __init__(self, kernel_size: int = 7, **kwargs) -> None:
        kwargs.setdefault('init_cfg', dict(
            type='Normal', std=0.02, bias=0.0,
            override=dict(name='conv_seg')))
        kwargs.setdefault('dropout_ratio', 0.0)
        super().__init__(**kwargs)
        if self.in_channels != self.channels:
            raise ValueError(
                'ResnetGeneratorHead has no layer between the backbone and '
                f'its classifier: in_channels ({self.in_channels}) must '
                f'equal channels ({self.channels})')
        self.conv_seg = nn.Sequential(
            nn.ReflectionPad2d(kernel_size // 2),
            nn.Conv2d(self.channels, self.out_channels, kernel_size))

    def forward(self, inputs: List[Tensor]) -> Tensor:
        return self.cls_seg(self._transform_inputs(inputs))
