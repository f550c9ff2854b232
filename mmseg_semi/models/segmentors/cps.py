"""Cross Pseudo Supervision, with and without CutMix."""
from typing import List, Optional

import torch
from torch import Tensor

from mmseg.models.segmentors import BaseSegmentor
from mmseg.registry import MODELS, TASK_UTILS
from mmseg.utils import OptConfigType, OptMultiConfig, SampleList
from ...utils import add_prefix_to_losses, weight_losses
from ..utils import (cutmix_partners, mix_by_mask, segmentor_logits,
                     step_generator, supervised_losses_and_logits,
                     to_input_size, valid_pixel_mask)
from .semi_base import MultiViewInputs, MultiViewSamples, SemiBaseSegmentor


@MODELS.register_module()
class CPSSegmentor(SemiBaseSegmentor):
    r"""Cross Pseudo Supervision (Chen et al., CVPR 2021).

    Two sub-models, ``branch1`` and ``branch2``, built from one MMSeg
    segmentor config and initialised independently (the same pretrained
    backbone when the config names one; heads drawn at random one after the
    other), are trained together by one optimizer:

    .. math::
        \mathcal{L} = \mathcal{L}_{sup}(f_1) + \mathcal{L}_{sup}(f_2)
            + \lambda\, \mathcal{L}_{cps}(f_1, f_2)

    with MMSeg's own supervised losses on the ``sup`` view and
    :class:`CrossPseudoLoss` (``cps_loss``, whose ``loss_weight`` is
    :math:`\lambda`):

    - **plain CPS** (``semi_train_cfg.cutmix=None``): on labelled and
      unlabelled images (``sup`` and ``unsup_weak`` views), each forwarded
      separately per branch, as the official code does;
    - **CPS + CutMix** (``semi_train_cfg.cutmix=dict(type='BoxMaskGenerator',
      n_boxes=3, prop_range=(0.25, 0.5))``, any mask generator of
      ``TASK_UTILS``): on unlabelled images only. The unlabelled batch is
      split into halves :math:`u_0, u_1` (so give it twice the labelled
      share); each branch predicts both halves without gradient (in train
      mode, as the official code), the inputs, those logits and the content
      masks are mixed with one mask per pair, and each branch learns the
      other's argmax on the mixed images. A pair never mixes an image with
      itself (the official DDP samplers do, by accident; see
      configs/cps/README.md). Masks are drawn from :func:`step_generator`:
      different on every rank, the same after a resume.

    Inference and validation use ``branch1`` by default;
    ``semi_test_cfg.predict_on`` can be ``'branch2'`` or ``'ensemble'``
    (mean of both branches' softmax).

    Args:
        segmentor (dict): MMSeg segmentor config.
        cps_loss (dict): :class:`CrossPseudoLoss` config.
        semi_train_cfg (dict, optional): ``sup_weight`` (1.0),
            ``unsup_weight`` (1.0, on top of ``cps_loss.loss_weight``),
            ``cutmix`` (None or a mask generator config).
        semi_test_cfg (dict, optional): ``predict_on`` ('branch1').
        data_preprocessor, init_cfg: as :class:`SemiBaseSegmentor`.
    """
    segmentor_names = ('branch1', 'branch2')
    frozen_submodels = ()
    extra_predict_modes = ('ensemble', )
    required_views = ('sup', 'unsup_weak')

    def __init__(self,
                 segmentor: dict,
                 cps_loss: dict = dict(type='CrossPseudoLoss',
                                       loss_weight=1.5),
                 semi_train_cfg: OptConfigType = None,
                 semi_test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            segmentor=segmentor,
            semi_train_cfg=semi_train_cfg,
            semi_test_cfg=semi_test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.cps_loss = MODELS.build(cps_loss)
        cutmix = self.semi_train_cfg.get('cutmix')
        self.mask_generator = TASK_UTILS.build(cutmix) \
            if cutmix is not None else None

    def branches(self) -> List[BaseSegmentor]:
        """``[branch1, branch2]``, unwrapped."""
        return [self.get_module(name) for name in self.segmentor_names]

    # ------------------------------------------------------------- training
    def loss(self, inputs: MultiViewInputs,
             data_samples: MultiViewSamples) -> dict:
        """Supervised losses of both branches plus the CPS loss.

        Returns:
            dict: ``sup_branch1.decode.loss_ce``, ``sup_branch2...`` (and
            auxiliary heads), ``unsup_loss_cps``.
        """
        self.check_views(inputs)
        losses, sup_logits = {}, []
        for name, branch in zip(self.segmentor_names, self.branches()):
            sup, logits = supervised_losses_and_logits(
                branch, inputs['sup'], data_samples['sup'])
            losses.update(add_prefix_to_losses(sup, f'sup_{name}.'))
            sup_logits.append(
                to_input_size(branch, logits, inputs['sup'].shape[-2:]))
        losses = weight_losses(losses,
                               self.semi_train_cfg.get('sup_weight', 1.0))
        if self.mask_generator is None:
            unsup = self.loss_cps_plain(inputs, data_samples, sup_logits)
        else:
            unsup = self.loss_cps_cutmix(inputs['unsup_weak'],
                                         data_samples['unsup_weak'])
        losses.update(
            add_prefix_to_losses(
                weight_losses(unsup,
                              self.semi_train_cfg.get('unsup_weight', 1.0)),
                'unsup_'))
        return losses

    def loss_cps_plain(self, inputs: MultiViewInputs,
                       data_samples: MultiViewSamples,
                       sup_logits: List[Tensor]) -> dict:
        """CPS on labelled + unlabelled images (no CutMix)."""
        unlabeled = inputs['unsup_weak']
        logits1, logits2 = [
            torch.cat([sup, segmentor_logits(branch, unlabeled)])
            for sup, branch in zip(sup_logits, self.branches())
        ]
        valid = torch.cat([
            valid_pixel_mask(data_samples['sup']),
            valid_pixel_mask(data_samples['unsup_weak'])
        ])
        return {self.cps_loss.loss_name: self.cps_loss(logits1, logits2,
                                                       valid)}

    def loss_cps_cutmix(self, inputs: Tensor,
                        data_samples: SampleList) -> dict:
        """CPS on CutMix-ed unlabelled images."""
        base, partner = cutmix_partners(data_samples)
        valid = valid_pixel_mask(data_samples)
        mask = self.mask_generator(
            len(base), inputs.shape[-2:],
            generator=step_generator()).to(inputs.device)
        branch1, branch2 = self.branches()
        with torch.no_grad():  # pseudo labels: each half on its own
            targets = [(segmentor_logits(branch, inputs[base]),
                        segmentor_logits(branch, inputs[partner]))
                       for branch in (branch1, branch2)]
        mixed = mix_by_mask(inputs[base], inputs[partner], mask)
        mixed_valid = mix_by_mask(valid[base], valid[partner], mask)
        (t1_base, t1_partner), (t2_base, t2_partner) = targets
        loss = self.cps_loss(
            segmentor_logits(branch1, mixed),
            segmentor_logits(branch2, mixed),
            mixed_valid,
            pseudo_logits1=mix_by_mask(t1_base, t1_partner, mask),
            pseudo_logits2=mix_by_mask(t2_base, t2_partner, mask))
        return {self.cps_loss.loss_name: loss}

    # ------------------------------------------------------------ inference
    def predict(self,
                inputs: Tensor,
                data_samples: Optional[SampleList] = None) -> SampleList:
        if self.predict_on != 'ensemble':
            return super().predict(inputs, data_samples)
        if data_samples is not None:
            metas = [sample.metainfo for sample in data_samples]
        else:
            metas = [
                dict(
                    ori_shape=inputs.shape[2:],
                    img_shape=inputs.shape[2:],
                    pad_shape=inputs.shape[2:],
                    padding_size=[0, 0, 0, 0])
            ] * inputs.shape[0]
        branches = self.branches()
        probs = torch.stack([
            branch.inference(inputs, metas).softmax(dim=1)
            for branch in branches
        ]).mean(dim=0)
        if self.class_filter is not None:  # on log-probabilities as logits
            probs = self.class_filter(probs.log(), data_samples)
        return branches[0].postprocess_result(probs, data_samples)

    @property
    def predict_model(self):
        if self.predict_on == 'ensemble':
            raise ValueError(
                "predict_on='ensemble' has no single sub-model: use "
                'predict(), or choose branch1/branch2 for tensor or feature '
                'outputs and export')
        return super().predict_model
