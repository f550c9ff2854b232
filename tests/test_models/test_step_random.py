"""Draws of the model tied to (seed, rank, iteration): CutMix boxes differ
between ranks and repeat exactly for the same step (resume)."""
import copy

import torch

from mmseg.registry import MODELS
from mmseg_semi.models.utils import BoxMaskGenerator, step_generator
from mmseg_semi.models.utils import step_random


def _masks(monkeypatch, rank, iteration, hub_iter):
    monkeypatch.setattr(step_random, 'get_dist_info', lambda: (rank, 2))
    hub_iter(iteration)
    return BoxMaskGenerator()(4, (32, 32), generator=step_generator())


def test_masks_differ_between_ranks_and_steps(monkeypatch, message_hub_iter):
    rank0 = _masks(monkeypatch, 0, 5, message_hub_iter)
    rank1 = _masks(monkeypatch, 1, 5, message_hub_iter)
    later = _masks(monkeypatch, 0, 6, message_hub_iter)
    assert not torch.equal(rank0, rank1)
    assert not torch.equal(rank0, later)


def test_same_step_same_masks_whatever_the_global_rng(monkeypatch,
                                                      message_hub_iter):
    first = _masks(monkeypatch, 1, 9, message_hub_iter)
    torch.rand(100)  # a resumed run's global RNG is elsewhere
    assert torch.equal(first, _masks(monkeypatch, 1, 9, message_hub_iter))


def test_cps_cutmix_loss_differs_between_ranks(monkeypatch, tiny_seg_cfg,
                                               semi_batch,
                                               message_hub_iter):
    """Same model, batch and global RNG on two ranks: the CutMix boxes, and
    so the loss, differ (they were identical when drawn from the global
    RNG)."""
    model = MODELS.build(
        dict(
            type='CPSSegmentor',
            segmentor=tiny_seg_cfg(),
            semi_train_cfg=dict(cutmix=dict(type='BoxMaskGenerator'))))
    model.train()
    inputs, samples = semi_batch(
        views=('sup', 'unsup_weak'), num_unlabeled=4)
    message_hub_iter(3)
    losses = []
    for rank in (0, 1):
        monkeypatch.setattr(step_random, 'get_dist_info', lambda r=rank:
                            (r, 2))
        torch.manual_seed(0)
        losses.append(
            model.loss(inputs, copy.deepcopy(samples))['unsup_loss_cps'])
    assert not torch.allclose(losses[0], losses[1])
