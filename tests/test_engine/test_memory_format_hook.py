"""MemoryFormatHook changes the memory layout of the model's 4-D weights
and nothing else: same Parameter objects (the optimizer keeps updating
them), same values, same training step up to float rounding, checkpoints
that load into an NCHW model; 'contiguous_format' undoes channels-last."""
import copy
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from mmseg_semi.engine import MemoryFormatHook

CHANNELS_LAST = torch.channels_last


def _net():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
        nn.Conv2d(8, 8, 3, padding=1, groups=8),  # depthwise
        nn.Conv2d(8, 4, 1))


def _is_channels_last(tensor):
    """Channels-last strides (a 1x1 or single-input-channel kernel is both
    channels-last and NCHW-contiguous)."""
    n, c, h, w = tensor.shape
    return tensor.stride() == (h * w * c, 1, w * c, c)


def _to_channels_last(model):
    MemoryFormatHook('channels_last').before_train(
        SimpleNamespace(model=model))


def _four_d(model):
    return [p for p in model.parameters() if p.dim() == 4]


@pytest.mark.parametrize('stage', ['before_train', 'before_val',
                                   'before_test'])
def test_every_4d_weight_becomes_channels_last_in_place(stage):
    model = _net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    before = [id(p) for p in model.parameters()]
    values = copy.deepcopy(model.state_dict())
    hook = MemoryFormatHook('channels_last')
    getattr(hook, stage)(SimpleNamespace(model=model))
    assert [id(p) for p in model.parameters()] == before
    assert [id(p) for p in optimizer.param_groups[0]['params']] == before
    assert len(_four_d(model)) == 3
    assert all(_is_channels_last(p) for p in _four_d(model))
    assert not model[0].weight.is_contiguous()  # (8, 3, 3, 3): was NCHW
    assert all(p.is_contiguous() for p in model.parameters() if p.dim() < 4)
    for key, value in model.state_dict().items():
        assert torch.equal(value, values[key]), key


def test_a_training_step_matches_nchw_to_float_rounding():
    """Same loss and same updated weights as NCHW training, and the
    weights and the optimizer's state stay channels-last after the step.
    (SGD: Adam would divide the float noise of a gradient that is zero in
    exact arithmetic, the conv bias before BN, by its own size.)"""
    x = torch.randn(2, 3, 16, 16)
    target = torch.randint(0, 4, (2, 16, 16))
    results = []
    for channels_last in (False, True):
        model = _net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        if channels_last:
            _to_channels_last(model)
        loss = nn.functional.cross_entropy(model(x), target)
        loss.backward()
        optimizer.step()
        results.append((loss.detach(), model.state_dict()))
        if channels_last:
            assert all(_is_channels_last(p) for p in _four_d(model))
            assert all(_is_channels_last(optimizer.state[p]['momentum_buffer'])
                       for p in _four_d(model))
    (nchw_loss, nchw), (nhwc_loss, nhwc) = results
    torch.testing.assert_close(nhwc_loss, nchw_loss, rtol=1e-5, atol=1e-6)
    for key, value in nchw.items():
        torch.testing.assert_close(nhwc[key], value, rtol=1e-5, atol=1e-6)
    # the step did change the weights, so the comparison means something
    initial = _net().state_dict()['0.weight']
    assert not torch.allclose(nchw['0.weight'], initial)


def test_a_channels_last_checkpoint_loads_into_an_nchw_model(tmp_path):
    model = _net()
    _to_channels_last(model)
    with torch.no_grad():
        model[0].weight.mul_(2.0)
    torch.save(model.state_dict(), tmp_path / 'ckpt.pth')
    nchw = _net()
    nchw.load_state_dict(torch.load(tmp_path / 'ckpt.pth'))
    assert nchw[0].weight.is_contiguous()
    model.eval()
    nchw.eval()
    x = torch.randn(1, 3, 16, 16)
    torch.testing.assert_close(model(x), nchw(x), rtol=1e-5, atol=1e-6)



def test_contiguous_format_undoes_channels_last():
    model = _net()
    runner = SimpleNamespace(model=model)
    MemoryFormatHook('channels_last').before_train(runner)
    MemoryFormatHook('contiguous_format').before_train(runner)
    assert all(p.is_contiguous() for p in model.parameters())


def test_an_unknown_format_is_refused_by_name():
    with pytest.raises(ValueError, match="'nhwc' is not one of"):
        MemoryFormatHook('nhwc')


def test_buffers_are_left_alone_even_5d_ones():
    """CycleGAN's history pools are 5-D buffers, (pool_size, N, C, H, W),
    which no 4-D memory format describes (Module.to(memory_format=...)
    raises on them)."""
    model = _net()
    model.register_buffer('pool', torch.randn(2, 1, 4, 3, 3))
    model.register_buffer('maps', torch.randn(1, 4, 3, 3))
    pool, maps = model.pool, model.maps
    for stage in ('before_train', 'before_val', 'before_test'):
        getattr(MemoryFormatHook('channels_last'), stage)(
            SimpleNamespace(model=model))
    assert model.pool is pool and model.maps is maps
    assert all(_is_channels_last(p) for p in _four_d(model))
