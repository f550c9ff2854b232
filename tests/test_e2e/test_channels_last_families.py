"""Every method family trains with channels-last weights (the quality
benchmark's MemoryFormatHook): nothing in a training step needs NCHW
strides (a ``.view`` of a feature map would fail), and the first step's
losses equal the NCHW step's to float rounding.

Elementwise random draws on a feature map (``nn.Dropout``, the
StochasticGate's ``rand_like``) are assigned in memory order, so in
channels-last they are another draw of the same distribution; they are
switched off here to compare the arithmetic. Accuracies (``acc_seg``, in
%) may differ by a pixel whose two best logits tie to float rounding."""
import os.path as osp

import pytest
import torch
from mmengine.runner import Runner
from torch import nn

from mmseg_semi.models.utils.stochastic_gate import StochasticGate

from .test_exact_resume import CONFIGS
from .test_runner_wsss import tiny_wsss_cfg
from .utils import DEMO_ROOT, REPO_ROOT, tiny_semi_cfg

pytestmark = pytest.mark.skipif(
    not osp.isfile(osp.join(DEMO_ROOT, 'train.txt')),
    reason='bundled demo data missing')

FAMILIES = [name for name in CONFIGS if name != 'supervised'] + ['wsss']


def _cfg(name, work_dir, memory_format):
    if name == 'wsss':
        cfg = tiny_wsss_cfg(work_dir)
    else:
        folder, filename, ratio = CONFIGS[name]
        cfg = tiny_semi_cfg(osp.join(REPO_ROOT, 'configs', folder, filename),
                            work_dir, source_ratio=ratio)
        cfg.randomness = dict(seed=0, deterministic=True)
    cfg.default_hooks.memory_format = dict(
        type='MemoryFormatHook', memory_format=memory_format)
    return cfg


def _first_step_losses(cfg):
    runner = Runner.from_cfg(cfg)
    runner.optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
    runner.call_hook('before_train')  # MemoryFormatHook (+ e.g. EMA copy)
    runner.model.train()
    for module in runner.model.modules():
        if isinstance(module, nn.Dropout):
            module.p = 0.0
        elif isinstance(module, StochasticGate):
            module.psi = 0.0
    convs = [p for p in runner.model.parameters()
             if p.dim() == 4 and p.shape[1] > 1 and p.shape[2] > 1]
    batch = next(iter(runner.train_dataloader))
    torch.manual_seed(0)
    losses = runner.model.train_step(batch, runner.optim_wrapper)
    # validation re-applies the format, now with whatever the step left
    # in the model's buffers (CycleGAN's 5-D history pools)
    runner.call_hook('before_val')
    return losses, convs


@pytest.mark.parametrize('name', FAMILIES)
def test_a_channels_last_step_matches_the_nchw_step(tmp_path, name):
    nchw, nchw_convs = _first_step_losses(
        _cfg(name, str(tmp_path / 'nchw'), 'contiguous_format'))
    nhwc, nhwc_convs = _first_step_losses(
        _cfg(name, str(tmp_path / 'nhwc'), 'channels_last'))
    assert nchw_convs and all(p.is_contiguous() for p in nchw_convs)
    assert all(p.is_contiguous(memory_format=torch.channels_last)
               and not p.is_contiguous() for p in nhwc_convs)
    assert set(nhwc) == set(nchw)
    for key, value in nchw.items():
        atol = 0.01 if 'acc' in key else 1e-5  # 0.01 %: a pixel or two
        torch.testing.assert_close(nhwc[key], value, rtol=1e-4, atol=atol,
                                   msg=lambda m, key=key: f'{key}: {m}')
