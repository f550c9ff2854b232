"""Single-stage weakly supervised segmentation from image labels
(Araslanov & Roth, CVPR 2020)."""
import torch
import torch.nn.functional as F
from torch import Tensor

from mmseg.models.segmentors import EncoderDecoder
from mmseg.models.utils import resize
from mmseg.registry import MODELS
from mmseg.utils import SampleList
from ..losses import balanced_gated_mask_loss
from ..utils import (PAMR, current_iter, image_label_targets,
                     masks_to_pseudo_labels, remove_absent_classes)


@MODELS.register_module()
class SingleStageWSSS(EncoderDecoder):
    r"""An MMSeg ``EncoderDecoder`` trained from image tags only, with a
    :class:`SingleStageWSSSHead` (Araslanov & Roth, CVPR 2020).

    For a batch of crops with foreground tags :math:`z \in \{0,1\}^{C-1}`
    (``gt_label`` of :class:`LoadImageLevelLabels`; the masks are never
    read), with :math:`y` the head's (N, C, h, w) logits and
    :math:`m = \mathrm{softmax}(y)`:

    1. :math:`\mathcal{L}_{cls}` = multi-label soft margin loss of the
       head's class scores :math:`s` against :math:`z`;
    2. pseudo labels: :class:`PAMR` refines :math:`m` (detached) with the
       de-normalised crop at the masks' size; the result is resized to the
       crop, classes absent from :math:`z` are removed
       (:func:`remove_absent_classes`) and relative thresholds give the
       labels (:func:`masks_to_pseudo_labels`);
    3. :math:`\mathcal{L}_{mask}` = :func:`balanced_gated_mask_loss` of
       :math:`y` (resized to the crop) against them;
    4. :math:`\mathcal{L} = \mathcal{L}_{cls} + \lambda\,\mathcal{L}_{mask}`
       with :math:`\lambda` = ``mask_loss_weight`` from iteration
       ``mask_loss_begin_iter`` on (the reference's classification-only
       warm-up of 5 epochs) and 0 before. The unweighted mask loss is
       logged as ``mask_ce``.

    ``train_cfg`` keys and defaults: ``mask_loss_weight`` (1.0),
    ``mask_loss_begin_iter`` (0), ``pamr`` (the :class:`PAMR` arguments,
    default 10 iterations at dilations 1, 2, 4, 8, 12, 24), ``fg_ratio``
    (0.6), ``bg_ratio`` (0.7), ``floor`` (0.2).

    Prediction is MMSeg's: the head returns the log of its test-time masks
    (``test_cfg.bg_power``, ``test_cfg.score_threshold``).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cfg = self.train_cfg or {}
        self.pamr = PAMR(**cfg.get('pamr', {}))

    def denormalised(self, inputs: Tensor) -> Tensor:
        """(N, 3, H, W) normalised inputs -> the images in [0, 1]."""
        preprocessor = self.data_preprocessor
        if getattr(preprocessor, '_enable_normalize', False):
            inputs = inputs * preprocessor.std + preprocessor.mean
        return inputs / 255.0

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """``loss_cls``, ``loss_mask`` (weighted) and ``mask_ce``
        (unweighted, logged)."""
        cfg = self.train_cfg or {}
        logits = self.decode_head(self.extract_feat(inputs))
        masks = logits.softmax(1)
        tags = image_label_targets(data_samples,
                                   self.num_classes)[:, 1:].to(logits)
        scores = self.decode_head.class_scores(logits, masks)
        loss_cls = F.multilabel_soft_margin_loss(scores, tags)

        pseudo = self.pseudo_labels(inputs, masks.detach(), tags)
        full_logits = resize(logits, size=inputs.shape[-2:],
                             mode='bilinear', align_corners=True)
        mask_ce = balanced_gated_mask_loss(full_logits, pseudo, tags)
        weight = cfg.get('mask_loss_weight', 1.0) \
            if current_iter() >= cfg.get('mask_loss_begin_iter', 0) else 0.0
        return dict(
            loss_cls=loss_cls,
            loss_mask=weight * mask_ce,
            mask_ce=mask_ce.detach())

    @torch.no_grad()
    def pseudo_labels(self, inputs: Tensor, masks: Tensor,
                      tags: Tensor) -> Tensor:
        """(N, H, W) pseudo labels at the crop size from (N, C, h, w)
        masks, refined with the crop and cleaned with the tags."""
        cfg = self.train_cfg or {}
        images = resize(self.denormalised(inputs), size=masks.shape[-2:],
                        mode='bilinear', align_corners=True)
        refined = resize(self.pamr(images, masks), size=inputs.shape[-2:],
                         mode='bilinear', align_corners=True)
        return masks_to_pseudo_labels(
            remove_absent_classes(refined, tags),
            fg_ratio=cfg.get('fg_ratio', 0.6),
            bg_ratio=cfg.get('bg_ratio', 0.7),
            floor=cfg.get('floor', 0.2))
