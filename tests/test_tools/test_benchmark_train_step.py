"""benchmark_train_step.py: the forward passes it attributes to each
sub-model, its warm-up, its report."""
import json
import os.path as osp
import sys

import pytest
import torch
from torch import nn

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CYCLEGAN_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'cyclegan',
    'cyclegan_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py')


@pytest.fixture
def tool():
    return load_tool('analysis_tools/benchmark_train_step.py')


def test_forward_timer_counts_calls_and_stops_counting_on_exit(tool):
    """Each `module(...)` call is one call of that module only; nested
    sub-modules are not counted under their parent's name; after the block
    the hooks are gone."""
    inner = nn.Linear(2, 2)
    outer = nn.Sequential(inner, nn.ReLU())
    other = nn.Linear(2, 1)
    x = torch.ones(1, 2)
    with tool.ForwardTimer(dict(outer=outer, other=other)) as timer:
        outer(x)
        outer(x)
        other(x)
        assert dict(timer.calls) == dict(outer=2, other=1)
        assert timer.seconds['outer'] > 0.0
        timer.reset()
        other(x)
        assert dict(timer.calls) == dict(other=1)
    other(x)
    assert dict(timer.calls) == dict(other=1)
    assert not other._forward_hooks and not other._forward_pre_hooks


@pytest.mark.skipif(
    not osp.isfile(osp.join(REPO_ROOT, 'data', 'camvid_demo', 'train.txt')),
    reason='bundled demo data missing')
def test_cyclegan_steps_call_each_sub_model_as_the_method_says(
        tool, tmp_path):
    """One CycleGAN iteration calls G_IS three times (x_l, G_SI(y_l),
    x_u), G_SI twice (y_l, p_u), and each discriminator three times (once
    on the generator side, on real and fake on its own side); the warm-up
    steps are not timed, and the timed steps train the model."""
    sys.path.insert(0, osp.join(REPO_ROOT, 'tests'))
    from test_e2e.utils import tiny_semi_cfg
    cfg = tiny_semi_cfg(CYCLEGAN_CONFIG, str(tmp_path / 'run'))
    runner = tool.build_runner(cfg)
    model = runner.model
    before = model.generator_updates.item()
    result = tool.time_train_steps(runner, iters=2, warmup=1)
    assert model.generator_updates.item() - before == 3
    assert len(result['step_seconds']) == 2
    calls = {name: record['calls_per_step']
             for name, record in result['forward'].items()}
    assert calls == dict(segmentor=3, generator=2, image_discriminator=3,
                         mask_discriminator=3)
    for record in result['forward'].values():
        assert len(record['seconds']) == 2
    forwards = [sum(r['seconds'][i] for r in result['forward'].values())
                for i in range(2)]
    assert all(0 < f < s for f, s in zip(forwards, result['step_seconds']))
    table = tool.report(result)
    assert '| mask_discriminator forward |' in table and '| 3 |' in table
    json.dumps(result)


def test_bad_counts_are_refused(tool):
    with pytest.raises(ValueError, match='--iters must be >= 1'):
        tool.time_train_steps(None, iters=0, warmup=0)


@pytest.mark.parametrize('channels_last', [False, True])
def test_the_step_is_timed_in_the_format_the_config_trains_in(
        tool, tmp_path, channels_last):
    """A config with MemoryFormatHook (the quality benchmark's) is timed
    with channels-last weights, any other in NCHW."""
    sys.path.insert(0, osp.join(REPO_ROOT, 'tests'))
    from test_e2e.utils import tiny_semi_cfg
    cfg = tiny_semi_cfg(
        osp.join(REPO_ROOT, 'configs', 'supervised',
                 'deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py'),
        str(tmp_path / 'run'))
    if channels_last:
        cfg.default_hooks.memory_format = dict(
            type='MemoryFormatHook', memory_format='channels_last')
    runner = tool.build_runner(cfg)
    convs = [p for p in runner.model.parameters()
             if p.dim() == 4 and p.shape[1] > 1 and p.shape[2] > 1]
    assert convs
    assert all(p.is_contiguous(memory_format=torch.channels_last)
               is channels_last and p.is_contiguous() is not channels_last
               for p in convs)
