"""CycleGAN for semi-supervised segmentation: image <-> mask cycles."""
from typing import Dict, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

from mmseg.registry import MODELS
from mmseg.utils import ConfigType, OptConfigType, OptMultiConfig
from ...utils import add_prefix_to_losses, weight_losses
from ..losses import least_squares_gan_loss
from ..utils import (IGNORE_INDEX, HistoryPool, from_tanh_range,
                     normalisation_of, one_hot_labels, segmentor_logits,
                     step_generator, to_tanh_range, valid_pixel_mask)
from .adversarial_base import AdversarialBaseSegmentor, StepOutputs
from .semi_base import MultiViewInputs, MultiViewSamples

MASK_INPUTS = ('probabilities', 'index_map')
# keys that separate the two pools' draws within one step
IMAGE_POOL_DRAW, MASK_POOL_DRAW = 1, 2


@MODELS.register_module()
class CycleGANSegmentor(AdversarialBaseSegmentor):
    r"""Revisiting CycleGAN for semi-supervised segmentation (Mondal,
    Agarwal, Dolz, Desrosiers, 2019; reference/wseg_cyclegan.md B).

    Sub-models, each with its own optimizer:

    - ``segmentor`` :math:`G_{IS}` (image -> class logits): any MMSeg
      segmentor;
    - ``generator`` :math:`G_{SI}` (class map -> image in [-1, 1]):
      :class:`ResnetGenerator` by default;
    - ``image_discriminator`` :math:`D_I` and ``mask_discriminator``
      :math:`D_S`: :class:`PixelDiscriminator` by default.

    A batch holds the views ``sup`` (:math:`x_l, y_l`) and ``unsup_weak``
    (:math:`x_u`). Images are compared in the generator's [-1, 1] range
    (:func:`to_tanh_range` of the segmentor's normalised inputs), and the
    generator's images are normalised back before the segmentor reads them.
    With :math:`h(y)` the one-hot map of :math:`y` (ignored pixels all
    zero), :math:`p_u = \mathrm{softmax}(G_{IS}(x_u))`,
    :math:`\hat x_l = G_{SI}(h(y_l))` and LSGAN
    :math:`\ell(s, t) = \mathrm{mean}(s - t)^2`, the **generator side**
    (segmentor and generator, one backward pass) minimises

    .. math::
        \mathcal{L}_G = \mathrm{CE}(G_{IS}(x_l), y_l)
          + \lambda_{1}\,\lVert \hat x_l - x_l \rVert_2^2
          + \lambda_{2}\,\mathrm{CE}(G_{IS}(\hat x_l), y_l)
          + \lambda_{3}\,\lVert G_{SI}(p_u) - x_u \rVert_1
          + \lambda_{4}\,\ell(D_S(m(p_u)), 1)
          + \lambda_{5}\,\ell(D_I(\hat x_l), 1)

    where CE is the segmentor's own supervised loss (decode and auxiliary
    heads, ``ignore_index`` respected) and the L1 term is averaged over the
    content (not padding) of :math:`x_u`. The **discriminator side**
    minimises, on the detached fakes passed through a
    :class:`HistoryPool` each,

    .. math::
        \mathcal{L}_D = \tfrac12\big[\ell(D_I(x_u), 1)
          + \ell(D_I(\mathrm{pool}(\hat x_l)), 0)\big]
          + \tfrac12\big[\ell(D_S(r(y_l)), 1)
          + \ell(D_S(\mathrm{pool}(m(p_u))), 0)\big].

    **The mask discriminator's input** (``semi_train_cfg.mask_input``):

    - ``'probabilities'`` (default): :math:`m(p_u) = p_u` and
      :math:`r(y_l) = h(y_l)`, ``num_classes`` channels. The adversarial
      term then trains the segmentor, as the paper's equation says;
    - ``'index_map'``: the reference code: :math:`m(p_u) =
      \arg\max p_u` and :math:`r(y_l) = y_l` as one-channel float class
      indices (ignored pixels as class 0, the reference's background). The
      argmax has no gradient, so :math:`\lambda_4` trains nothing: the
      reference's bug, kept for fidelity.

    ``semi_train_cfg`` (defaults: the paper-era reference code):
    ``sup_image_weight`` :math:`\lambda_1` (1.0), ``mask_cycle_weight``
    :math:`\lambda_2` (0.05), ``image_cycle_weight`` :math:`\lambda_3`
    (1.0), ``adversarial_weight`` :math:`\lambda_4 = \lambda_5` (0.5),
    ``mask_input`` (``'probabilities'``), ``pool_size`` (50 batches),
    ``pool_prob`` (0.5), ``mask_pool_dtype`` (None: stored as computed;
    ``'float16'`` halves the memory of pooled probabilities), and the
    schedule keys of :class:`AdversarialBaseSegmentor`.

    The pools are sub-modules (``image_pool``, ``mask_pool``) whose content
    is in the checkpoint, and their draws come from
    :func:`step_generator`, so a resumed run continues exactly. With
    several processes each rank keeps its own pool and the checkpoint holds
    rank 0's, which every rank resumes with.

    Logged besides the losses: ``disc_score_real_image`` /
    ``disc_score_fake_image`` and the same for masks (mean raw scores;
    LSGAN pushes them to 1 and 0).

    Args:
        segmentor (dict): MMSeg segmentor config.
        generator (dict): :math:`G_{SI}`; ``in_channels`` defaults to the
            number of classes, ``out_channels`` to 3.
        image_discriminator (dict): :math:`D_I`; ``in_channels`` 3.
        mask_discriminator (dict): :math:`D_S`; ``in_channels`` defaults
            to the number of classes (1 with ``mask_input='index_map'``).
        semi_train_cfg, semi_test_cfg, data_preprocessor, init_cfg: as
            :class:`SemiBaseSegmentor`.
    """
    segmentor_names = ('segmentor', )
    frozen_submodels = ()
    required_views = ('sup', 'unsup_weak')
    generator_side = ('segmentor', 'generator')
    discriminator_side = ('image_discriminator', 'mask_discriminator')

    def __init__(self,
                 segmentor: ConfigType,
                 generator: ConfigType = dict(type='ResnetGenerator'),
                 image_discriminator: ConfigType = dict(
                     type='PixelDiscriminator'),
                 mask_discriminator: ConfigType = dict(
                     type='PixelDiscriminator'),
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
        cfg = self.semi_train_cfg
        self.sup_image_weight = float(cfg.get('sup_image_weight', 1.0))
        self.mask_cycle_weight = float(cfg.get('mask_cycle_weight', 0.05))
        self.image_cycle_weight = float(cfg.get('image_cycle_weight', 1.0))
        self.adversarial_weight = float(cfg.get('adversarial_weight', 0.5))
        self.mask_input = cfg.get('mask_input', 'probabilities')
        if self.mask_input not in MASK_INPUTS:
            raise ValueError(f'semi_train_cfg.mask_input must be one of '
                             f'{MASK_INPUTS}, got {self.mask_input!r}')
        mask_channels = self.num_classes \
            if self.mask_input == 'probabilities' else 1
        self.add_submodel(
            'generator',
            dict(dict(in_channels=self.num_classes, out_channels=3),
                 **generator))
        self.add_submodel('image_discriminator',
                          dict(dict(in_channels=3), **image_discriminator))
        self.add_submodel(
            'mask_discriminator',
            dict(dict(in_channels=mask_channels), **mask_discriminator))
        pool_size = int(cfg.get('pool_size', 50))
        pool_prob = float(cfg.get('pool_prob', 0.5))
        self.image_pool = HistoryPool(pool_size, pool_prob)
        self.mask_pool = HistoryPool(pool_size, pool_prob,
                                     cfg.get('mask_pool_dtype'))

    # --------------------------------------------------------- image ranges
    def to_image_range(self, inputs: Tensor) -> Tensor:
        """(N, 3, H, W) normalised segmentor inputs -> [-1, 1] images."""
        return to_tanh_range(inputs, *normalisation_of(self.data_preprocessor))

    def from_image_range(self, images: Tensor) -> Tensor:
        """(N, 3, H, W) [-1, 1] images -> normalised segmentor inputs."""
        return from_tanh_range(images,
                               *normalisation_of(self.data_preprocessor))

    # ---------------------------------------------------- mask discriminator
    def fake_mask(self, probs: Tensor) -> Tensor:
        """:math:`m(p)`: (N, C, H, W) probabilities, or (N, 1, H, W) float
        argmax (no gradient) with ``mask_input='index_map'``."""
        if self.mask_input == 'probabilities':
            return probs
        return probs.detach().argmax(dim=1, keepdim=True).to(probs.dtype)

    def real_mask(self, data_samples, like: Tensor) -> Tensor:
        """:math:`r(y)`: (N, C, H, W) one-hot (ignored pixels zero), or
        (N, 1, H, W) float class indices with ignored pixels as 0."""
        if self.mask_input == 'probabilities':
            return one_hot_labels(data_samples, self.num_classes).to(like)
        labels = torch.stack([s.gt_sem_seg.data for s in data_samples])
        return labels.masked_fill(labels == IGNORE_INDEX, 0).to(like)

    # ------------------------------------------------------------ the steps
    def generator_step(self, inputs: MultiViewInputs,
                       data_samples: MultiViewSamples
                       ) -> Tuple[Dict[str, Tensor], StepOutputs]:
        segmentor = self.trainable_module('segmentor')
        generator = self.trainable_module('generator')
        image_disc = self.trainable_module('image_discriminator')
        mask_disc = self.trainable_module('mask_discriminator')
        x_l, x_u = inputs['sup'], inputs['unsup_weak']
        samples_l = data_samples['sup']
        image_l, image_u = self.to_image_range(x_l), self.to_image_range(x_u)

        losses = add_prefix_to_losses(
            segmentor(x_l, samples_l, mode='loss'), 'sup_')
        fake_image = generator(
            one_hot_labels(samples_l, self.num_classes).to(x_l))
        losses['sup_loss_image'] = self.sup_image_weight * F.mse_loss(
            fake_image, image_l)
        cycle = segmentor(self.from_image_range(fake_image), samples_l,
                          mode='loss')
        losses.update(
            add_prefix_to_losses(
                weight_losses(cycle, self.mask_cycle_weight), 'cycle_'))

        probs_u = segmentor_logits(segmentor, x_u).softmax(dim=1)
        losses['unsup_loss_image_cycle'] = self.image_cycle_weight * \
            self.masked_l1(generator(probs_u), image_u,
                           valid_pixel_mask(data_samples['unsup_weak']))
        fake_mask = self.fake_mask(probs_u)
        losses['unsup_loss_adv_mask'] = self.adversarial_weight * \
            least_squares_gan_loss(mask_disc(fake_mask), 1.0)
        losses['sup_loss_adv_image'] = self.adversarial_weight * \
            least_squares_gan_loss(image_disc(fake_image), 1.0)
        return losses, dict(
            fake_image=fake_image,
            fake_mask=fake_mask,
            real_image=image_u,
            real_mask=self.real_mask(samples_l, like=x_l))

    @staticmethod
    def masked_l1(images: Tensor, targets: Tensor, valid: Tensor) -> Tensor:
        """Mean absolute difference of (N, 3, H, W) images over the pixels
        where the (N, H, W) ``valid`` is True (all channels)."""
        valid = valid.unsqueeze(1).to(images)
        total = ((images - targets).abs() * valid).sum()
        return total / (valid.sum() * images.shape[1]).clamp(min=1.0)

    def discriminator_step(self, inputs: MultiViewInputs,
                           data_samples: MultiViewSamples,
                           outputs: StepOutputs) -> Dict[str, Tensor]:
        image_disc = self.trainable_module('image_discriminator')
        mask_disc = self.trainable_module('mask_discriminator')
        fake_image = self.image_pool.query(outputs['fake_image'],
                                           step_generator(IMAGE_POOL_DRAW))
        fake_mask = self.mask_pool.query(outputs['fake_mask'],
                                         step_generator(MASK_POOL_DRAW))
        scores = dict(
            real_image=image_disc(outputs['real_image']),
            fake_image=image_disc(fake_image),
            real_mask=mask_disc(outputs['real_mask']),
            fake_mask=mask_disc(fake_mask))
        losses = {
            'disc_loss_image': 0.5 * (
                least_squares_gan_loss(scores['real_image'], 1.0) +
                least_squares_gan_loss(scores['fake_image'], 0.0)),
            'disc_loss_mask': 0.5 * (
                least_squares_gan_loss(scores['real_mask'], 1.0) +
                least_squares_gan_loss(scores['fake_mask'], 0.0)),
        }
        for name, score in scores.items():
            losses[f'disc_score_{name}'] = score.detach().mean()
        return losses
