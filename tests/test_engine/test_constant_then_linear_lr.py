"""ConstantThenLinearLR: CycleGAN's constant-then-linear schedule."""
import pytest
import torch

from mmseg.registry import PARAM_SCHEDULERS


def lrs(steps, **kwargs):
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))],
                                lr=1.0)
    scheduler = PARAM_SCHEDULERS.build(
        dict(type='ConstantThenLinearLR', optimizer=optimizer,
             by_epoch=False, **kwargs))
    values = []
    for _ in range(steps):
        values.append(optimizer.param_groups[0]['lr'])
        optimizer.step()
        scheduler.step()
    return values


def test_constant_for_the_first_quarter_then_linear_to_zero():
    # end 8: constant for iterations 0-1, then 1 - (k - 2) / 5, 0 at the
    # last iteration (7)
    got = lrs(9, decay_begin_ratio=0.25, end=8)
    expected = [1, 1, 1, 0.8, 0.6, 0.4, 0.2, 0, 0]
    assert got == pytest.approx(expected, abs=1e-9)


def test_begin_shifts_the_window_and_end_factor_is_kept():
    got = lrs(8, decay_begin_ratio=0.5, end=6, begin=2, end_factor=0.5)
    # window [2, 6): constant until 4, then 0.5 from its last iteration (5)
    assert got == pytest.approx([1, 1, 1, 1, 1, 0.5, 0.5, 0.5], abs=1e-9)


def test_ratio_out_of_range_is_refused():
    with pytest.raises(ValueError, match='decay_begin_ratio'):
        lrs(1, decay_begin_ratio=1.0, end=8)
