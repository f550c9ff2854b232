"""Forward steps of an MMSeg ``EncoderDecoder`` as separate calls.

Methods compose these instead of ``EncoderDecoder.loss`` / ``predict``
when they need the pieces: the encoder features once and the decode head
twice (feature perturbation), the logits of labelled images next to their
supervised loss (CPS), logits at input resolution for pseudo labels (never
``predict``, whose post-processing removes padding and undoes flips).

Distributed training: :func:`segmentor_logits` calls the sub-model's
``forward``, so it also works when each sub-model is wrapped on its own
(``MMSeparateDistributedDataParallel``); :func:`encoder_features`,
:func:`decode_head_logits` and :func:`supervised_losses` call methods of
the sub-model and so need the whole method model wrapped as one
(``MMDistributedDataParallel``, the default).
"""
import contextlib
from typing import Dict, Iterator, List, Tuple

from torch import Tensor, nn

from mmseg.models.segmentors import BaseSegmentor
from mmseg.models.utils import resize
from mmseg.utils import SampleList, add_prefix
from ...utils import unwrap_model


def to_input_size(model: BaseSegmentor, logits: Tensor,
                  size: Tuple[int, int]) -> Tensor:
    """(N, C, h, w) logits resized bilinearly to ``size`` = (H, W)."""
    if tuple(logits.shape[-2:]) == tuple(size):
        return logits
    return resize(
        logits, size=size, mode='bilinear',
        align_corners=model.align_corners)


def segmentor_logits(model: BaseSegmentor, inputs: Tensor) -> Tensor:
    """(N, C, H, W) logits of ``model`` at the input resolution, through its
    ``forward(mode='tensor')``. Gradient flows unless the caller is under
    ``no_grad`` or the model is frozen."""
    return to_input_size(unwrap_model(model), model(inputs, mode='tensor'),
                         inputs.shape[-2:])


def encoder_features(model: BaseSegmentor, inputs: Tensor) -> List[Tensor]:
    """Backbone (and neck) features of (N, 3, H, W) ``inputs``."""
    return model.extract_feat(inputs)


def decode_head_logits(model: BaseSegmentor,
                       feats: List[Tensor]) -> Tensor:
    """(N, C, h, w) decode-head logits at the head's own resolution."""
    return model.decode_head(feats)


def supervised_losses(model: BaseSegmentor, feats: List[Tensor],
                      seg_logits: Tensor,
                      data_samples: SampleList) -> Dict[str, Tensor]:
    """MMSeg's supervised losses from features and decode-head logits:
    ``decode.*`` (the head's ``loss_by_feat``, with its pixel sampler and
    ``loss_decode``) and ``aux.*`` of the auxiliary heads, exactly as
    ``EncoderDecoder.loss`` computes them."""
    losses = add_prefix(
        model.decode_head.loss_by_feat(seg_logits, data_samples), 'decode')
    if model.with_auxiliary_head:
        losses.update(model._auxiliary_head_forward_train(feats, data_samples))
    return losses


def supervised_losses_and_logits(
        model: BaseSegmentor, inputs: Tensor,
        data_samples: SampleList) -> Tuple[Dict[str, Tensor], Tensor]:
    """MMSeg's supervised losses *and* the (N, C, h, w) decode-head logits
    (at the head's resolution; :func:`to_input_size` them when needed),
    from one forward pass."""
    feats = encoder_features(model, inputs)
    seg_logits = decode_head_logits(model, feats)
    losses = supervised_losses(model, feats, seg_logits, data_samples)
    return losses, seg_logits


@contextlib.contextmanager
def train_mode(model: nn.Module) -> Iterator[None]:
    """Run ``model`` in train mode for the block (BN uses batch statistics
    and updates its running statistics), eval mode afterwards: the teachers
    of TorchSemiSeg's Mean Teacher and of MLMT."""
    model.train()
    try:
        yield
    finally:
        model.eval()
