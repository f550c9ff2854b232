"""A multi-label image classifier on any MMSeg backbone."""
from typing import List, Optional, Union

import torch
import torch.nn.functional as F
from mmengine.model import BaseModel
from torch import Tensor, nn

from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg.utils import ConfigType, OptConfigType, OptMultiConfig
from ..utils import image_label_targets

SampleList = List[SegDataSample]


@MODELS.register_module()
class MultiLabelClassifier(BaseModel):
    r"""Image-level class presence: backbone, global average pooling,
    dropout, one linear layer, a sigmoid per class.

    The classifier of MLMT (Mittal et al., TPAMI 2021: an ImageNet ResNet
    with ``fc = Linear(2048, C)`` and sigmoid outputs), built from the
    MMSeg backbones this package already uses, so that it shares their
    pretrained weights and runs without torchvision. Like mmpretrain's
    ``ImageClassifier``, ``mode='tensor'`` gives the :math:`(N, C)` logits;
    :class:`MLMTClassifier` also needs :meth:`loss_from_logits` and
    :meth:`predict` (``pred_score``) from its classifier.

    - ``mode='tensor'``: (N, 3, H, W) -> (N, C) logits;
    - ``mode='loss'``: ``{'loss_cls'}``, the binary cross-entropy averaged
      over the :math:`N \times C` outputs,

      .. math::
          \mathcal{L}_{cls} = -\frac{1}{NC}\sum_{i,c} t_{ic}\log\sigma(z_{ic})
              + (1 - t_{ic})\log(1 - \sigma(z_{ic})),

      with multi-hot targets :math:`t` from each sample's ``gt_label``
      (:class:`LoadImageLevelLabels`);
    - ``mode='predict'``: the samples, each with ``pred_score`` (C,), the
      sigmoid scores in the dataset's class order.

    Args:
        backbone (dict): MMSeg backbone config (e.g. ``EfficientNetLite``,
            ``ResNetV1c``).
        num_classes (int): C.
        in_channels (int): channels of the backbone output ``in_index``.
        in_index (int): which backbone output is pooled. Defaults to -1.
        dropout_ratio (float): dropout before the linear layer.
        data_preprocessor (dict, optional): e.g. ``SegDataPreProcessor``.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 backbone: ConfigType,
                 num_classes: int,
                 in_channels: int,
                 in_index: int = -1,
                 dropout_ratio: float = 0.0,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.num_classes = num_classes
        self.in_index = in_index
        self.dropout = nn.Dropout(dropout_ratio) if dropout_ratio > 0 \
            else nn.Identity()
        self.fc = nn.Linear(in_channels, num_classes)

    def extract_feat(self, inputs: Tensor) -> Tensor:
        """(N, 3, H, W) -> (N, in_channels) pooled backbone features."""
        feats = self.backbone(inputs)
        if isinstance(feats, (list, tuple)):
            feats = feats[self.in_index]
        return F.adaptive_avg_pool2d(feats, 1).flatten(1)

    def logits(self, inputs: Tensor) -> Tensor:
        """(N, 3, H, W) -> (N, C) pre-sigmoid logits."""
        return self.fc(self.dropout(self.extract_feat(inputs)))

    def forward(self,
                inputs: Tensor,
                data_samples: Optional[SampleList] = None,
                mode: str = 'tensor') -> Union[Tensor, dict, SampleList]:
        if mode == 'tensor':
            return self.logits(inputs)
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        raise RuntimeError(f'Invalid mode "{mode}": use "tensor", "loss" '
                           'or "predict"')

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        return dict(loss_cls=self.loss_from_logits(self.logits(inputs),
                                                   data_samples))

    def loss_from_logits(self, logits: Tensor,
                         data_samples: SampleList) -> Tensor:
        """:math:`\\mathcal{L}_{cls}` of (N, C) logits."""
        targets = image_label_targets(data_samples, self.num_classes)
        return F.binary_cross_entropy_with_logits(
            logits, targets.to(logits.device))

    def predict(self,
                inputs: Tensor,
                data_samples: Optional[SampleList] = None) -> SampleList:
        return scores_to_samples(torch.sigmoid(self.logits(inputs)),
                                 data_samples)


def scores_to_samples(scores: Tensor,
                      data_samples: Optional[SampleList]) -> SampleList:
    """Put row ``i`` of (N, C) ``scores`` into sample ``i`` as
    ``pred_score`` (new samples if none are given)."""
    if data_samples is None:
        data_samples = [SegDataSample() for _ in range(scores.shape[0])]
    for sample, score in zip(data_samples, scores):
        sample.set_field(score.detach(), 'pred_score')
    return data_samples
