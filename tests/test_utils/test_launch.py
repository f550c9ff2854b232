"""tools/train.py / test.py helpers: DDP on CPU and ``--amp``."""
from unittest import mock

import pytest
from mmengine.config import Config

from mmseg_semi.utils import launch
from mmseg_semi.utils.launch import enable_amp, setup_cpu_distributed


def runtime_cfg(backend='nccl', **kwargs):
    return Config(
        dict(
            env_cfg=dict(cudnn_benchmark=True, dist_cfg=dict(backend=backend)),
            **kwargs))


@pytest.fixture
def no_cuda():
    """CUDA absent, no process group, init_process_group recorded."""
    with mock.patch.object(launch.torch.cuda, 'is_available',
                           return_value=False), \
            mock.patch.object(launch.torch.distributed, 'is_initialized',
                              return_value=False), \
            mock.patch.object(launch.torch.distributed,
                              'init_process_group') as init:
        yield init


def test_cpu_torchrun_uses_gloo(no_cuda):
    cfg = runtime_cfg()
    assert setup_cpu_distributed(cfg, 'pytorch') is True
    assert cfg.env_cfg.dist_cfg.backend == 'gloo'
    assert cfg.env_cfg.cudnn_benchmark is True
    # DDP on CPU modules needs device_ids=None
    assert cfg.model_wrapper_cfg.type == 'MMDistributedDataParallel'
    assert cfg.model_wrapper_cfg.device_ids is None
    assert cfg.model_wrapper_cfg.broadcast_buffers is False
    assert cfg.model_wrapper_cfg.find_unused_parameters is False
    no_cuda.assert_called_once_with(backend='gloo')


def test_cpu_other_launchers_leave_the_group_to_mmengine(no_cuda):
    cfg = runtime_cfg(find_unused_parameters=True)
    assert setup_cpu_distributed(cfg, 'slurm') is True
    assert cfg.env_cfg.dist_cfg.backend == 'gloo'
    assert cfg.model_wrapper_cfg.find_unused_parameters is True
    no_cuda.assert_not_called()


def test_existing_process_group_is_reused(no_cuda):
    with mock.patch.object(launch.torch.distributed, 'is_initialized',
                           return_value=True):
        assert setup_cpu_distributed(runtime_cfg(), 'pytorch') is True
    no_cuda.assert_not_called()


def test_existing_wrapper_cfg_is_kept(no_cuda):
    cfg = runtime_cfg(
        model_wrapper_cfg=dict(
            type='MMDistributedDataParallel', find_unused_parameters=True))
    setup_cpu_distributed(cfg, 'slurm')
    assert cfg.model_wrapper_cfg == dict(
        type='MMDistributedDataParallel',
        find_unused_parameters=True,
        device_ids=None)
    # MMSeparateDistributedDataParallel subclasses DDP, so the Runner gives
    # it device_ids=[LOCAL_RANK] too, which it hands to every sub-model's
    # DDP (rejected for CPU modules; the 2-process s4GAN test runs it)
    cfg = runtime_cfg(
        model_wrapper_cfg=dict(
            type='MMSeparateDistributedDataParallel',
            broadcast_buffers=False))
    setup_cpu_distributed(cfg, 'slurm')
    assert cfg.model_wrapper_cfg == dict(
        type='MMSeparateDistributedDataParallel', broadcast_buffers=False,
        device_ids=None)


def test_nothing_changes_without_launcher(no_cuda):
    cfg = runtime_cfg()
    before = cfg.to_dict()
    assert setup_cpu_distributed(cfg, 'none') is False
    assert cfg.to_dict() == before
    no_cuda.assert_not_called()


def test_nothing_changes_with_cuda():
    cfg = runtime_cfg()
    before = cfg.to_dict()
    with mock.patch.object(launch.torch.cuda, 'is_available',
                           return_value=True), \
            mock.patch.object(launch.torch.distributed,
                              'init_process_group') as init:
        assert setup_cpu_distributed(cfg, 'pytorch') is False
    assert cfg.to_dict() == before
    assert cfg.env_cfg.dist_cfg.backend == 'nccl'
    init.assert_not_called()


@pytest.mark.parametrize('cfg_dict', [
    dict(model=dict(type='X')),
    dict(model=dict(type='X'), env_cfg=dict(cudnn_benchmark=False)),
])
def test_gloo_written_when_dist_cfg_missing(no_cuda, cfg_dict):
    cfg = Config(cfg_dict)
    assert setup_cpu_distributed(cfg, 'slurm') is True
    assert cfg.env_cfg.dist_cfg.backend == 'gloo'


def sgd():
    return dict(type='SGD', lr=0.01, momentum=0.9)


@pytest.mark.parametrize('wrapper', [
    dict(type='OptimWrapper', optimizer=sgd(), clip_grad=None),
    dict(optimizer=sgd()),  # type defaults to OptimWrapper
])
def test_enable_amp_plain(wrapper):
    cfg = Config(dict(optim_wrapper=wrapper))
    enable_amp(cfg)
    assert cfg.optim_wrapper.type == 'AmpOptimWrapper'
    assert cfg.optim_wrapper.loss_scale == 'dynamic'
    assert cfg.optim_wrapper.optimizer.type == 'SGD'


def test_enable_amp_multi_optim_wrapper_constructor():
    cfg = Config(
        dict(
            optim_wrapper=dict(
                constructor='MultiOptimWrapperConstructor',
                generator=dict(type='OptimWrapper', optimizer=sgd()),
                discriminator=dict(
                    optimizer=dict(type='Adam', lr=1e-4)))))
    enable_amp(cfg)
    for name in ('generator', 'discriminator'):
        assert cfg.optim_wrapper[name].type == 'AmpOptimWrapper', name
        assert cfg.optim_wrapper[name].loss_scale == 'dynamic'
    assert cfg.optim_wrapper.constructor == 'MultiOptimWrapperConstructor'
    assert 'type' not in cfg.optim_wrapper


def test_enable_amp_already_amp_is_unchanged():
    cfg = Config(
        dict(
            optim_wrapper=dict(
                type='AmpOptimWrapper', optimizer=sgd(), loss_scale=512.)))
    enable_amp(cfg)
    assert cfg.optim_wrapper.type == 'AmpOptimWrapper'
    assert cfg.optim_wrapper.loss_scale == 512.


def test_enable_amp_rejects_other_wrappers():
    cfg = Config(
        dict(optim_wrapper=dict(type='ApexOptimWrapper', optimizer=sgd())))
    with pytest.raises(ValueError, match='ApexOptimWrapper'):
        enable_amp(cfg)
    cfg = Config(
        dict(
            optim_wrapper=dict(
                constructor='MultiOptimWrapperConstructor',
                generator=dict(type='ApexOptimWrapper', optimizer=sgd()))))
    with pytest.raises(ValueError, match='optim_wrapper.generator'):
        enable_amp(cfg)


def test_shutdown_distributed_destroys_the_group(tmp_path):
    """tools/train.py and test.py end with it: a gloo group left alive at
    exit can abort the process (SIGABRT) after training finished."""
    import torch.distributed as dist

    from mmseg_semi.utils.launch import shutdown_distributed
    shutdown_distributed()  # no group: nothing to do
    dist.init_process_group(
        'gloo', init_method=f'file://{tmp_path}/store', rank=0,
        world_size=1)
    assert dist.is_initialized()
    shutdown_distributed()
    assert not dist.is_initialized()


def multi_optim_cfg(**extra):
    return Config(
        dict(
            optim_wrapper=dict(
                constructor='MultiOptimWrapperConstructor',
                segmentor=dict(optimizer=dict(type='SGD', lr=0.1)),
                discriminator=dict(optimizer=dict(type='Adam', lr=1e-4))),
            **extra))


def test_several_optimizers_get_the_separate_wrapper():
    from mmseg_semi.utils.launch import select_separate_wrapper
    cfg = multi_optim_cfg()
    assert select_separate_wrapper(cfg, 'pytorch')
    assert cfg.model_wrapper_cfg == dict(
        type='MMSeparateDistributedDataParallel', broadcast_buffers=False,
        find_unused_parameters=False)
    # not distributed, one optimizer, or the config's own choice: unchanged
    for cfg, launcher in ((multi_optim_cfg(), 'none'),
                          (Config(dict(optim_wrapper=dict(
                              optimizer=dict(type='SGD', lr=0.1)))),
                           'pytorch')):
        assert not select_separate_wrapper(cfg, launcher)
        assert 'model_wrapper_cfg' not in cfg
    own = dict(type='MMSeparateDistributedDataParallel',
               broadcast_buffers=True)
    cfg = multi_optim_cfg(model_wrapper_cfg=own)
    assert not select_separate_wrapper(cfg, 'pytorch')
    assert cfg.model_wrapper_cfg == own


def test_single_ddp_with_several_optimizers_is_refused():
    from mmseg_semi.utils.launch import select_separate_wrapper
    cfg = multi_optim_cfg(
        model_wrapper_cfg=dict(type='MMDistributedDataParallel'))
    with pytest.raises(ValueError, match='MMSeparateDistributedDataParallel'):
        select_separate_wrapper(cfg, 'pytorch')
