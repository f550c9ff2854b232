"""The decode head of single-stage WSSS (Araslanov & Roth, CVPR 2020)."""
import math
from typing import List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from torch import Tensor, nn

from mmseg.models.decode_heads.aspp_head import ASPPModule
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.models.utils import resize
from mmseg.registry import MODELS
from mmseg.utils import ConfigType
from ..utils import StochasticGate, normalised_global_weighted_pooling

# test-time masks are clamped to this before their log
MASK_FLOOR = 1e-12


class GlobalCueInjection(nn.Module):
    r"""Modulate shallow features with global cues of the deep ones (GCI).

    .. math::
        [\gamma; \beta] = \mathrm{GMP}\big(\mathrm{ReLU}(\mathrm{BN}(
            W_a x_{deep}))\big), \quad
        s = \mathrm{BN}_{\varnothing}(W_s x_{low}), \quad
        x_{shallow} = \mathrm{ReLU}\big(\mathrm{BN}(W_o\,
            \mathrm{ReLU}(s\,(\gamma + 1) + \beta))\big)

    with 1x1 convolutions :math:`W` and a BN without affine parameters
    :math:`\mathrm{BN}_{\varnothing}`; the deep features are not detached.

    Shapes: ``deep`` (N, C, h, w), ``low`` (N, C_low, h, w) -> (N, C, h, w).
    """

    def __init__(self, channels: int, low_channels: int,
                 norm_cfg: ConfigType) -> None:
        super().__init__()
        self.cue = ConvModule(channels, 2 * channels, 1, norm_cfg=norm_cfg)
        self.low = nn.Conv2d(low_channels, channels, 1, bias=False)
        self.low_norm = nn.BatchNorm2d(channels, affine=False)
        self.out = ConvModule(channels, channels, 1, norm_cfg=norm_cfg)

    def forward(self, deep: Tensor, low: Tensor) -> Tensor:
        gamma, beta = F.adaptive_max_pool2d(self.cue(deep), 1).chunk(2, 1)
        s = self.low_norm(self.low(low))
        return self.out(F.relu(s * (gamma + 1.0) + beta))


@MODELS.register_module()
class SingleStageWSSSHead(BaseDecodeHead):
    r"""Segmentation and classification from image labels in one head.

    From the backbone's stride-4 (``in_index[0]``) and deepest
    (``in_index[1]``) features: ASPP (1x1 and 3x3 at ``aspp_dilations``,
    image pooling; its BNs keep fixed statistics, ``aspp_norm_eval``, as
    the reference's), a DeepLabV3+-style decoder with a 48-channel skip
    (:math:`x_{deep}`), :class:`GlobalCueInjection` (:math:`x_{shallow}`),
    the :class:`StochasticGate`, two 3x3 conv blocks with dropout 0.5 and
    0.1 and a 1x1 classifier for the :math:`C - 1` foreground classes.
    A constant background logit (``background_logit``, 1) is put in front:

    - :meth:`forward`: (N, C, h, w) logits :math:`y` at stride 4, channel
      0 the constant background;
    - :meth:`class_scores`: (N, C - 1) foreground scores, nGWP plus the
      size-focal penalty (:func:`normalised_global_weighted_pooling`,
      :class:`SizeFocalLoss`);
    - :meth:`predict`: the log of the test-time masks at the input size:
      :math:`m = \mathrm{softmax}(y)` resized, the background raised to
      ``test_cfg.bg_power`` (reference: 3), and foreground classes removed
      either where :math:`\sigma(s_c)` is not above
      ``test_cfg.score_threshold`` (the reference's WideResNet-38 setting,
      0.1) or, with ``test_cfg.use_image_labels=True``, where the image's
      tags (``gt_label`` in its metainfo) lack them (the reference's
      ResNet settings; it reads ground-truth tags at test time). With
      ``test_cfg.predict_background=False`` (datasets without a background
      class, e.g. :class:`CamVidTagsDataset`) the constant channel is
      never predicted: the foreground masks are the softmax of the
      foreground logits alone (the same argmax, with no underflow where
      the constant channel dominates), channel 0 is set below every
      other, and an image whose classes the gating removes all keeps
      them all. The argmax of the log is the reference's argmax of the
      masks.

    The training loss belongs to :class:`SingleStageWSSS`, which needs the
    image (PAMR) and the image tags; :meth:`loss` is refused here.

    Args:
        c1_in_channels (int): channels of the stride-4 features.
        c1_channels (int): channels of the decoder skip. Defaults to 48.
        aspp_dilations (Sequence[int]): Defaults to (1, 12, 24, 36).
        psi (float): the stochastic gate's :math:`\psi`. Defaults to 0.3.
        background_logit (float): Defaults to 1.
        ngwp_eps (float): nGWP's :math:`\epsilon`. Defaults to 1.
        size_focal (dict): the size-focal penalty config.
        aspp_norm_eval (bool): ASPP BNs in eval mode. Defaults to True.
        **kwargs: :class:`BaseDecodeHead` arguments (``in_channels``: the
            deep features' channels; ``num_classes`` counts the
            background; ``in_index=(0, 3)``,
            ``input_transform='multiple_select'``).
    """

    def __init__(self,
                 c1_in_channels: int,
                 c1_channels: int = 48,
                 aspp_dilations: Sequence[int] = (1, 12, 24, 36),
                 psi: float = 0.3,
                 background_logit: float = 1.0,
                 ngwp_eps: float = 1.0,
                 size_focal: ConfigType = dict(type='SizeFocalLoss'),
                 aspp_norm_eval: bool = True,
                 **kwargs) -> None:
        kwargs.setdefault('input_transform', 'multiple_select')
        if kwargs.setdefault('dropout_ratio', 0.0):
            raise ValueError(
                'SingleStageWSSSHead has the reference\'s own dropouts '
                '(0.5 after ASPP and the first classifier block, 0.1 after '
                'the second); leave dropout_ratio unset')
        super().__init__(**kwargs)
        if self.input_transform != 'multiple_select' or \
                len(self.in_index) != 2:
            raise ValueError(
                'SingleStageWSSSHead reads two backbone outputs: set '
                'in_index=(stride-4 index, deepest index) and '
                'input_transform="multiple_select"')
        conv = dict(conv_cfg=self.conv_cfg, norm_cfg=self.norm_cfg,
                    act_cfg=self.act_cfg)
        self.image_pool = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            ConvModule(self.in_channels[1], self.channels, 1, **conv))
        self.aspp = ASPPModule(aspp_dilations, self.in_channels[1],
                               self.channels, **conv)
        self.aspp_bottleneck = nn.Sequential(
            ConvModule((len(aspp_dilations) + 1) * self.channels,
                       self.channels, 1, **conv), nn.Dropout(0.5))
        self.skip = ConvModule(c1_in_channels, c1_channels, 1, **conv)
        self.fuse = ConvModule(self.channels + c1_channels, self.channels, 3,
                               padding=1, **conv)
        self.gci = GlobalCueInjection(self.channels, c1_in_channels,
                                      self.norm_cfg)
        self.gate = StochasticGate(psi)
        self.classifier_convs = nn.Sequential(
            ConvModule(self.channels, self.channels, 3, padding=1, **conv),
            nn.Dropout(0.5),
            ConvModule(self.channels, self.channels, 3, padding=1, **conv),
            nn.Dropout(0.1))
        self.conv_seg = nn.Conv2d(self.channels, self.num_classes - 1, 1)
        self.background_logit = background_logit
        self.ngwp_eps = ngwp_eps
        self.size_focal = MODELS.build(size_focal)
        self.aspp_norm_eval = aspp_norm_eval

    def train(self, mode: bool = True) -> 'SingleStageWSSSHead':
        super().train(mode)
        if mode and self.aspp_norm_eval:
            for module in (self.image_pool, self.aspp, self.aspp_bottleneck):
                for layer in module.modules():
                    if isinstance(layer, nn.modules.batchnorm._BatchNorm):
                        layer.eval()
        return self

    def forward(self, inputs: List[Tensor]) -> Tensor:
        """Backbone outputs -> (N, C, h, w) logits, background first."""
        low, deep = self._transform_inputs(inputs)
        pooled = resize(self.image_pool(deep), size=deep.shape[2:],
                        mode='bilinear', align_corners=self.align_corners)
        aspp = self.aspp_bottleneck(torch.cat([pooled, *self.aspp(deep)], 1))
        aspp = resize(aspp, size=low.shape[2:], mode='bilinear',
                      align_corners=True)
        x_deep = self.fuse(torch.cat([aspp, self.skip(low)], 1))
        x = self.gate(x_deep, self.gci(x_deep, low))
        foreground = self.conv_seg(self.classifier_convs(x))
        background = torch.full_like(foreground[:, :1],
                                     self.background_logit)
        return torch.cat([background, foreground], 1)

    def class_scores(self, logits: Tensor, masks: Tensor) -> Tensor:
        """(N, C) logits and their softmax masks -> (N, C - 1) foreground
        scores :math:`s_c = s^{nGWP}_c + s^{size}_c`."""
        fg_logits, fg_masks = logits[:, 1:], masks[:, 1:]
        return normalised_global_weighted_pooling(
            fg_logits, fg_masks, self.ngwp_eps) + self.size_focal(fg_masks)

    def predict(self, inputs: Tuple[Tensor], batch_img_metas: List[dict],
                test_cfg: ConfigType) -> Tensor:
        logits = self.forward(inputs)
        masks = logits.softmax(1)
        test_cfg = test_cfg or {}
        with_background = test_cfg.get('predict_background', True)
        keep = self.kept_classes(logits, masks, batch_img_metas, test_cfg,
                                 with_background)
        if not with_background:
            # the foreground's own softmax: the same argmax per pixel, but
            # no underflow where the constant channel takes nearly all
            masks = torch.cat([masks[:, :1], logits[:, 1:].softmax(1)], 1)
        if keep is not None:
            masks = masks * keep[:, :, None, None]
        size = batch_img_metas[0].get('pad_shape',
                                      batch_img_metas[0]['img_shape'])[:2]
        masks = resize(masks, size=size, mode='bilinear',
                       align_corners=self.align_corners)
        background = masks[:, :1].pow(test_cfg.get('bg_power', 1.0))
        log_masks = torch.cat([background, masks[:, 1:]], 1).clamp(
            min=MASK_FLOOR).log()
        if not with_background:
            # strictly below every other channel, ties included (finite:
            # MMSeg's bilinear resizing of the output would make -inf NaN)
            log_masks[:, 0] = math.log(MASK_FLOOR) - 1
        return log_masks

    def kept_classes(self, logits: Tensor, masks: Tensor,
                     batch_img_metas: List[dict],
                     test_cfg: ConfigType,
                     with_background: bool = True) -> Optional[Tensor]:
        """(N, C) 0/1 classes kept at test time (background always), or
        None when no gating is configured. Without a background class
        (``with_background=False``) an image keeps at least one class."""
        threshold = test_cfg.get('score_threshold')
        use_tags = test_cfg.get('use_image_labels', False)
        if threshold is not None and use_tags:
            raise ValueError('test_cfg: set score_threshold or '
                             'use_image_labels, not both')
        if use_tags:
            keep = torch.zeros_like(masks[:, :, 0, 0])
            for row, meta in enumerate(batch_img_metas):
                if 'gt_label' not in meta:
                    raise KeyError(
                        'test_cfg.use_image_labels needs the image tags: '
                        'add LoadImageLevelLabels to the test pipeline and '
                        '\'gt_label\' to the meta_keys of PackSegInputs')
                keep[row, torch.as_tensor(meta['gt_label'],
                                          dtype=torch.long)] = 1.0
        elif threshold is not None:
            scores = torch.sigmoid(self.class_scores(logits, masks))
            keep = torch.cat([torch.ones_like(scores[:, :1]),
                              (scores > threshold).to(masks.dtype)], 1)
        else:
            return None
        keep[:, 0] = 1.0
        if not with_background:
            # without a background class a pixel must get some class: an
            # image whose every class is removed keeps them all
            keep[keep[:, 1:].sum(1) == 0] = 1.0
        return keep

    def loss(self, inputs, batch_data_samples, train_cfg) -> dict:
        raise TypeError('SingleStageWSSSHead has no loss of its own: '
                        'train it inside SingleStageWSSS, which supplies '
                        'the image and the image tags')
