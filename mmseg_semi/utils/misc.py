"""Small helpers shared by every method: loss-dict prefixing/weighting."""
from typing import Dict, Union

import torch.nn as nn
from mmengine.model import is_model_wrapper
from torch import Tensor

LossDict = Dict[str, Union[Tensor, list]]


def add_prefix_to_losses(losses: LossDict, prefix: str) -> LossDict:
    """``{'decode.loss_ce': x}`` -> ``{prefix + 'decode.loss_ce': x}``.

    The prefix is used verbatim (e.g. ``'sup_'``), so MMEngine's
    ``parse_losses`` still recognises loss entries by the substring ``loss``.
    """
    return {f'{prefix}{name}': value for name, value in losses.items()}


def weight_losses(losses: LossDict, weight: float) -> LossDict:
    """Multiply the entries whose key contains ``'loss'`` by ``weight``.

    Logged statistics (``acc_seg``, ``mask_ratio``...) are left untouched.
    A loss entry may be a tensor or a list of tensors, as MMEngine allows.
    """
    weighted = {}
    for name, value in losses.items():
        if 'loss' in name:
            if isinstance(value, (list, tuple)):
                value = [item * weight for item in value]
            else:
                value = value * weight
        weighted[name] = value
    return weighted


def unwrap_model(model: nn.Module) -> nn.Module:
    """The model itself, unwrapped from (Separate)DistributedDataParallel."""
    return model.module if is_model_wrapper(model) else model
