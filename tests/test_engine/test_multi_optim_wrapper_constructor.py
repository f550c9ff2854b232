"""MultiOptimWrapperConstructor: one optimizer wrapper per sub-model."""
import pytest
import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict
from torch import nn

from mmseg.registry import (MODELS, OPTIM_WRAPPER_CONSTRUCTORS,
                            OPTIM_WRAPPERS)


class TwoParts(nn.Module):

    def __init__(self):
        super().__init__()
        self.generator = nn.Sequential(nn.Conv2d(3, 4, 1), nn.BatchNorm2d(4))
        self.head = nn.Conv2d(4, 2, 1)
        self.discriminator = nn.Linear(4, 1)


def build(cfg, paramwise_cfg=None):
    return OPTIM_WRAPPER_CONSTRUCTORS.build(
        dict(type='MultiOptimWrapperConstructor', optim_wrapper_cfg=cfg,
             paramwise_cfg=paramwise_cfg))


def sgd(lr, **kwargs):
    return dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=lr),
                **kwargs)


def test_one_wrapper_per_named_submodule_with_its_own_settings():
    model = TwoParts()
    wrappers = build(
        dict(
            generator=dict(
                type='OptimWrapper',
                optimizer=dict(type='SGD', lr=0.1, weight_decay=1e-3),
                paramwise_cfg=dict(norm_decay_mult=0.0)),
            head=dict(
                type='OptimWrapper',
                optimizer=dict(type='SGD', lr=0.5, weight_decay=1e-4)),
            discriminator=dict(
                type='OptimWrapper',
                optimizer=dict(type='Adam', lr=1e-4, betas=(0.9, 0.99)))))(
                    model)
    assert isinstance(wrappers, OptimWrapperDict)
    assert list(wrappers.keys()) == ['generator', 'head', 'discriminator']
    disc = wrappers['discriminator'].optimizer
    assert isinstance(disc, torch.optim.Adam)
    assert disc.defaults['betas'] == (0.9, 0.99)
    assert {id(p) for g in disc.param_groups for p in g['params']} == \
        {id(p) for p in model.discriminator.parameters()}
    # paramwise_cfg of one sub-model: BN weight/bias without decay
    gen_groups = wrappers['generator'].optimizer.param_groups
    assert [g['weight_decay'] for g in gen_groups] == [1e-3, 1e-3, 0, 0]
    assert wrappers['head'].optimizer.defaults['lr'] == 0.5
    lrs = wrappers.get_lr()  # logged per sub-model as '<name>.lr'
    assert (lrs['generator.lr'], lrs['head.lr'],
            lrs['discriminator.lr']) == ([0.1] * 4, [0.5], [1e-4])


def test_a_trainable_submodule_without_optimizer_is_an_error():
    with pytest.raises(ValueError, match=r'no optimizer updates: head\.'):
        build(dict(generator=sgd(0.1), discriminator=sgd(0.1)))(TwoParts())
    model = TwoParts()
    model.head.requires_grad_(False)  # frozen: fine
    build(dict(generator=sgd(0.1), discriminator=sgd(0.1)))(model)


def test_bad_configs_name_the_fix():
    with pytest.raises(ValueError, match='segmentor.paramwise_cfg'):
        build(dict(generator=sgd(0.1)), paramwise_cfg=dict())
    with pytest.raises(TypeError, match="optim_wrapper.lr"):
        build(dict(lr=0.1))
    with pytest.raises(AttributeError, match="'critic'"):
        build(dict(critic=sgd(0.1)))(TwoParts())


@OPTIM_WRAPPERS.register_module(force=True)
class TaggedOptimWrapper(OptimWrapper):
    """Stands in for AmpOptimWrapper, which needs a GPU."""


def test_wrapper_type_per_submodule():
    model = TwoParts()
    wrappers = build(
        dict(
            generator=dict(sgd(0.1), type='TaggedOptimWrapper'),
            head=sgd(0.1), discriminator=sgd(0.1)))(model)
    assert type(wrappers['generator']) is TaggedOptimWrapper
    assert type(wrappers['head']) is OptimWrapper


def test_segmentor_submodels_by_name_and_state_round_trip(tiny_seg_cfg):
    model = MODELS.build(
        dict(type='S4GANSegmentor', segmentor=tiny_seg_cfg()))
    cfg = dict(
        segmentor=sgd(0.1),
        discriminator=dict(
            type='OptimWrapper',
            optimizer=dict(type='Adam', lr=1e-4, betas=(0.9, 0.99))))
    wrappers = build(cfg)(model)
    loss = sum(p.sum() for p in model.parameters() if p.requires_grad)
    loss.backward()
    wrappers['discriminator'].step()
    state = wrappers.state_dict()
    assert set(state) == {'segmentor', 'discriminator'}
    fresh = build(cfg)(model)
    fresh.load_state_dict(state)
    adam = fresh['discriminator'].optimizer
    steps = [adam.state[p]['step'] for p in model.discriminator.parameters()]
    assert all(int(s) == 1 for s in steps)
