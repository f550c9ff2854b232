"""s4GAN: feature matching and discriminator-gated self-training."""
from typing import Dict, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

from mmseg.registry import MODELS
from mmseg.utils import ConfigType, OptConfigType, OptMultiConfig
from ...utils import add_prefix_to_losses
from ..losses import pseudo_label_cross_entropy
from ..utils import (class_map_with_image, min_max_scale, one_hot_labels,
                     pseudo_labels_from_logits, segmentor_logits,
                     valid_pixel_mask)
from .adversarial_base import AdversarialBaseSegmentor, StepOutputs
from .semi_base import MultiViewInputs, MultiViewSamples


@MODELS.register_module()
class S4GANSegmentor(AdversarialBaseSegmentor):
    r"""s4GAN (Mittal, Tatarchenko, Brox, TPAMI 2021).

    Sub-models: ``segmentor`` (any MMSeg segmentor) and ``discriminator``
    (:class:`S4GANDiscriminator` by default), each with its own optimizer
    (``optim_wrapper.segmentor`` / ``optim_wrapper.discriminator`` of
    :class:`MultiOptimWrapperConstructor`). A batch holds three views:
    ``sup`` (labelled images), ``unsup_weak`` (unlabelled) and ``sup_disc``
    (labelled images drawn by a stream of their own, the discriminator's
    real samples). With :math:`S` the segmentor, :math:`D` the
    discriminator, :math:`\tilde x` an image min-max scaled to [0, 1]:

    .. math::
        z^{f}_j = [\,\mathrm{softmax}(S(x^u_j)),\ \tilde x^u_j\,],\qquad
        z^{r}_i = [\,\mathrm{onehot}(y^{d}_i),\ \tilde x^{d}_i\,]

    **Segmentor step** (the discriminator frozen, no adversarial term):

    .. math::
        \mathcal{L}_S = \mathcal{L}_{ce}(S(x^l), y^l)
            + \lambda_{fm}\,\mathcal{L}_{fm}(f(z^r), f(z^f))
            + \lambda_{st}\,\mathcal{L}_{st},\qquad
        \mathcal{L}_{st} = \mathcal{L}_{ce}\big(S(x^u_j),
            \arg\max S(x^u_j)\big)\ \text{over } j:\ \sigma(D(z^f_j)) > \gamma

    with :class:`FeatureMatchingLoss` (``fm_loss``, whose ``loss_weight``
    is :math:`\lambda_{fm}`, Eq. 4) and the self-training term of Eq. 6,
    skipped until the discriminator has been updated once and when no image
    passes the gate. **Discriminator step** (the segmentor frozen):

    .. math::
        \mathcal{L}_D = \tfrac12\big[\mathrm{BCE}(D(z^f), 0)
            + \mathrm{BCE}(D(z^r), 1)\big]

    on the very :math:`z^f` of the segmentor step, detached.

    ``semi_train_cfg`` (defaults: the official VOC values):

    - ``st_threshold`` (:math:`\gamma`, 0.6; 0.7 for Cityscapes);
    - ``st_weight`` (:math:`\lambda_{st}`, 1.0);
    - ``st_on_padding`` (False): the official code also trains the
      self-training term on padded pixels of the selected images (as class
      argmax of the padding); True reproduces that;
    - ``real_image_range`` (``'own'``): the real images are min-max scaled
      by their own batch's range; ``'sup'`` reproduces the official code,
      which divides them by the range of the supervised batch;
    - ``discriminator_steps``, ``disc_init_steps``: see
      :class:`AdversarialBaseSegmentor` (1 and 0, as the official code).

    Logged besides the losses: ``st_image_ratio`` (share of unlabelled
    images the gate selects), ``disc_score_fake`` / ``disc_score_real``
    (mean discriminator probability of fake and real samples).

    Args:
        segmentor (dict): MMSeg segmentor config.
        discriminator (dict): discriminator config; ``in_channels`` defaults
            to the segmentor's ``num_classes + 3``.
        fm_loss (dict): :class:`FeatureMatchingLoss` config.
        semi_train_cfg, semi_test_cfg, data_preprocessor, init_cfg: as
            :class:`SemiBaseSegmentor`.
    """
    segmentor_names = ('segmentor', )
    frozen_submodels = ()
    required_views = ('sup', 'unsup_weak', 'sup_disc')
    generator_side = ('segmentor', )
    discriminator_side = ('discriminator', )

    def __init__(self,
                 segmentor: ConfigType,
                 discriminator: ConfigType = dict(type='S4GANDiscriminator'),
                 fm_loss: ConfigType = dict(
                     type='FeatureMatchingLoss', loss_weight=0.1),
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
        discriminator = dict(discriminator)
        discriminator.setdefault('in_channels', self.num_classes + 3)
        self.add_submodel('discriminator', discriminator)
        self.fm_loss = MODELS.build(fm_loss)
        cfg = self.semi_train_cfg
        self.st_threshold = float(cfg.get('st_threshold', 0.6))
        self.st_weight = float(cfg.get('st_weight', 1.0))
        self.st_on_padding = bool(cfg.get('st_on_padding', False))
        self.real_image_range = cfg.get('real_image_range', 'own')
        if self.real_image_range not in ('own', 'sup'):
            raise ValueError(
                "semi_train_cfg.real_image_range must be 'own' or 'sup', "
                f'got {self.real_image_range!r}')
        if not 0.0 <= self.st_threshold <= 1.0:
            raise ValueError('semi_train_cfg.st_threshold must be in [0, 1],'
                             f' got {self.st_threshold}')

    # ------------------------------------------------- discriminator inputs
    def fake_input(self, logits: Tensor, images: Tensor) -> Tensor:
        """(N, C + 3, H, W): softmax of (N, C, H, W) segmentor logits, then
        the min-max scaled images."""
        return class_map_with_image(logits.softmax(dim=1),
                                    min_max_scale(images))

    def real_input(self, inputs: MultiViewInputs,
                   data_samples: MultiViewSamples) -> Tensor:
        """(N, C + 3, H, W): one-hot ground truth of the ``sup_disc`` view
        (ignore pixels all zero), then its min-max scaled images."""
        reference = inputs['sup'] if self.real_image_range == 'sup' \
            else None
        images = min_max_scale(inputs['sup_disc'], reference)
        one_hot = one_hot_labels(data_samples['sup_disc'], self.num_classes)
        return class_map_with_image(one_hot.to(images), images)

    # ------------------------------------------------------------ the steps
    def generator_step(self, inputs: MultiViewInputs,
                       data_samples: MultiViewSamples
                       ) -> Tuple[Dict[str, Tensor], StepOutputs]:
        segmentor = self.trainable_module('segmentor')
        discriminator = self.trainable_module('discriminator')
        losses = add_prefix_to_losses(
            segmentor(inputs['sup'], data_samples['sup'], mode='loss'),
            'sup_')

        logits_u = segmentor_logits(segmentor, inputs['unsup_weak'])
        fake = self.fake_input(logits_u, inputs['unsup_weak'])
        real = self.real_input(inputs, data_samples)
        score_logits, fake_features = discriminator(fake)
        _, real_features = discriminator(real)
        losses[f'unsup_{self.fm_loss.loss_name}'] = self.fm_loss(
            real_features, fake_features)
        st_loss, st_ratio = self.self_training_loss(
            logits_u, score_logits, data_samples['unsup_weak'])
        losses['unsup_loss_st'] = self.st_weight * st_loss
        losses['st_image_ratio'] = st_ratio
        return losses, dict(fake=fake, real=real)

    def self_training_loss(self, logits: Tensor, score_logits: Tensor,
                           data_samples) -> Tuple[Tensor, Tensor]:
        """Cross-entropy of the images the discriminator rates real.

        Args:
            logits (Tensor): (N, C, H, W) segmentor logits of unlabelled
                images.
            score_logits (Tensor): (N, 1) discriminator logits of them.

        Returns:
            tuple[Tensor, Tensor]: the loss (zero, still attached to the
            graph, when nothing is selected or the discriminator is
            untrained) and the share of selected images.
        """
        selected = score_logits.detach().sigmoid().flatten() \
            > self.st_threshold
        ratio = selected.float().mean()
        if int(self.discriminator_updates) == 0 or not selected.any():
            return logits.sum() * 0.0, ratio
        valid = valid_pixel_mask([data_samples[i] for i in
                                  selected.nonzero().flatten().tolist()])
        if self.st_on_padding:
            valid = torch.ones_like(valid)
        pseudo = pseudo_labels_from_logits(logits[selected], valid)
        return pseudo_label_cross_entropy(logits[selected],
                                          pseudo.labels), ratio

    def discriminator_step(self, inputs: MultiViewInputs,
                           data_samples: MultiViewSamples,
                           outputs: StepOutputs) -> Dict[str, Tensor]:
        discriminator = self.trainable_module('discriminator')
        fake_logits, _ = discriminator(outputs['fake'])
        real_logits, _ = discriminator(outputs['real'])
        return {
            'disc_loss_fake': 0.5 * F.binary_cross_entropy_with_logits(
                fake_logits, torch.zeros_like(fake_logits)),
            'disc_loss_real': 0.5 * F.binary_cross_entropy_with_logits(
                real_logits, torch.ones_like(real_logits)),
            'disc_score_fake': fake_logits.detach().sigmoid().mean(),
            'disc_score_real': real_logits.detach().sigmoid().mean(),
        }
