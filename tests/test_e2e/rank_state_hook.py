"""A hook for distributed tests: every process saves one sub-model's
weights after each training iteration, so a test can compare ranks."""
import os.path as osp

import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmseg.registry import HOOKS


@HOOKS.register_module(force=True)
class SaveRankStateHook(Hook):
    """Writes ``work_dir/rank<r>_iter<i>.pth``: the sub-model's state dict
    and the type names of the model wrapper and of the sub-model's own
    wrapper."""

    def __init__(self, submodel: str) -> None:
        self.submodel = submodel

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        model = runner.model
        inner = model.module if is_model_wrapper(model) else model
        wrapped = getattr(inner, self.submodel)
        torch.save(
            dict(
                state={
                    k: v.detach().clone()
                    for k, v in inner.get_module(
                        self.submodel).state_dict().items()
                },
                model_wrapper=type(model).__name__,
                submodel_wrapper=type(wrapped).__name__),
            osp.join(runner.work_dir,
                     f'rank{get_rank()}_iter{runner.iter + 1}.pth'))
