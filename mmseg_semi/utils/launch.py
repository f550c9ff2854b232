"""Config adjustments made by tools/train.py and tools/test.py."""
import logging

import torch
from mmengine.config import Config
from mmengine.logging import print_log


def setup_cpu_distributed(cfg: Config, launcher: str) -> bool:
    """Let MMEngine's distributed training run without CUDA (on CPUs).

    Does nothing when ``launcher`` is ``'none'`` or CUDA is available.
    Otherwise, three GPU assumptions of MMEngine are lifted:

    - ``env_cfg.dist_cfg.backend`` becomes ``'gloo'`` (MMSeg asks for NCCL);
    - ``MMDistributedDataParallel`` (and the separate wrapper, which hands
      it on to each sub-model's) gets ``device_ids=None`` (MMEngine passes
      ``[LOCAL_RANK]``, which DDP rejects for CPU modules);
    - for torchrun (``launcher='pytorch'``) the gloo process group is started
      here, because MMEngine's launcher calls ``torch.cuda.set_device`` first
      (the Runner skips its own initialisation when a group exists).

    Returns:
        bool: True when the CPU path was set up.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return False
    # assign, not setdefault: a ConfigDict stores a converted copy of the
    # default, so writing into the returned dict would be lost
    env_cfg = cfg.get('env_cfg') or {}
    env_cfg['dist_cfg'] = dict(env_cfg.get('dist_cfg') or {}, backend='gloo')
    cfg.env_cfg = env_cfg
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel',
        broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    if wrapper.get('type', 'MMDistributedDataParallel') in (
            'MMDistributedDataParallel', 'DistributedDataParallel',
            'MMSeparateDistributedDataParallel'):
        wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if launcher == 'pytorch' and not torch.distributed.is_initialized():
        torch.distributed.init_process_group(backend='gloo')
    return True


def select_separate_wrapper(cfg: Config, launcher: str) -> bool:
    """Distributed training of a model with several optimizers (a
    ``MultiOptimWrapperConstructor`` config): wrap each trainable sub-model
    in its own DDP (``MMSeparateDistributedDataParallel``).

    MMEngine's default wrapper, ``MMDistributedDataParallel``, runs its own
    ``train_step`` (forward in ``'loss'`` mode, one ``update_params``) and
    never calls the model's alternating ``train_step``; the separate wrapper
    delegates to it. A config's own ``model_wrapper_cfg`` is kept, unless it
    names that default, which is refused.

    Returns:
        bool: True when the separate wrapper was selected here.
    """
    optim_wrapper = cfg.get('optim_wrapper') or {}
    if launcher == 'none' or \
            optim_wrapper.get('constructor') != 'MultiOptimWrapperConstructor':
        return False
    wrapper = cfg.get('model_wrapper_cfg')
    if wrapper:
        if wrapper.get('type', 'MMDistributedDataParallel') in (
                'MMDistributedDataParallel', 'DistributedDataParallel'):
            raise ValueError(
                f'model_wrapper_cfg.type={wrapper.get("type")!r} cannot '
                'train a model with several optimizers (it skips the '
                "model's train_step); use type="
                "'MMSeparateDistributedDataParallel' or drop "
                'model_wrapper_cfg')
        return False
    cfg.model_wrapper_cfg = dict(
        type='MMSeparateDistributedDataParallel',
        broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    return True


def _to_amp(wrapper_cfg: dict, where: str) -> None:
    wrapper_type = wrapper_cfg.get('type', 'OptimWrapper')
    if wrapper_type == 'AmpOptimWrapper':
        print_log(
            f'AMP is already enabled for {where}.',
            logger='current',
            level=logging.WARNING)
        return
    if wrapper_type != 'OptimWrapper':
        raise ValueError(f'--amp needs {where}.type == "OptimWrapper", got '
                         f'{wrapper_type!r}')
    wrapper_cfg['type'] = 'AmpOptimWrapper'
    wrapper_cfg['loss_scale'] = 'dynamic'


def enable_amp(cfg: Config) -> None:
    """``--amp``: use ``AmpOptimWrapper`` for the optimizer wrapper, or for
    each sub-wrapper of a ``MultiOptimWrapperConstructor`` config (GAN
    methods), where MMSeg's own check would reject the config."""
    optim_wrapper = cfg.optim_wrapper
    if optim_wrapper.get('constructor') == 'MultiOptimWrapperConstructor':
        for name, sub_cfg in optim_wrapper.items():
            if isinstance(sub_cfg, dict) and 'optimizer' in sub_cfg:
                _to_amp(sub_cfg, f'optim_wrapper.{name}')
    else:
        _to_amp(optim_wrapper, 'optim_wrapper')


def shutdown_distributed() -> None:
    """Wait for every rank, then destroy the process group.

    A process that exits with its gloo group alive can abort in the group's
    destructor ("terminate called without an active exception", SIGABRT),
    which torchrun reports as a failed run after training has finished.
    Does nothing without an initialised group.
    """
    dist = torch.distributed
    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
