"""PretrainedNewOptimWrapperConstructor: the DeepLab-style four groups."""
import pytest
from torch import nn

from mmseg.registry import OPTIM_WRAPPER_CONSTRUCTORS

WSSS_WRN38 = dict(
    new_modules=('decode_head', ),
    lr_mult=dict(
        pretrained_weight=1., pretrained_bias=2., new_weight=10.,
        new_bias=20.),
    bias_decay_mult=0.)


class Net(nn.Module):

    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 4, 3, bias=False), nn.BatchNorm2d(4),
            nn.Conv2d(4, 4, 1))
        self.decode_head = nn.Sequential(
            nn.Conv2d(4, 4, 1, bias=False), nn.BatchNorm2d(4),
            nn.Conv2d(4, 2, 1))
        self.backbone[1].weight.requires_grad_(False)  # frozen: left out


def build(paramwise_cfg, weight_decay=5e-4):
    return OPTIM_WRAPPER_CONSTRUCTORS.build(
        dict(
            type='PretrainedNewOptimWrapperConstructor',
            optim_wrapper_cfg=dict(
                type='OptimWrapper',
                optimizer=dict(
                    type='SGD', lr=1e-3, momentum=0.9,
                    weight_decay=weight_decay)),
            paramwise_cfg=paramwise_cfg))


def settings_by_name(model, optim_wrapper):
    names = {id(p): n for n, p in model.named_parameters()}
    return {
        names[id(group['params'][0])]: (group['lr'], group['weight_decay'])
        for group in optim_wrapper.optimizer.param_groups
    }


def test_each_parameter_gets_its_groups_lr_and_decay():
    model = Net()
    got = settings_by_name(model, build(WSSS_WRN38)(model))
    # hand-written: base lr 1e-3, wd 5e-4; norm weights are weights and
    # norm biases are biases, as in the reference
    expected = {
        'backbone.0.weight': (1e-3, 5e-4),
        'backbone.1.bias': (2e-3, 0.),
        'backbone.2.weight': (1e-3, 5e-4),
        'backbone.2.bias': (2e-3, 0.),
        'decode_head.0.weight': (1e-2, 5e-4),
        'decode_head.1.weight': (1e-2, 5e-4),
        'decode_head.1.bias': (2e-2, 0.),
        'decode_head.2.weight': (1e-2, 5e-4),
        'decode_head.2.bias': (2e-2, 0.),
    }
    assert got.keys() == expected.keys()
    for name, (lr, wd) in expected.items():
        assert got[name] == pytest.approx((lr, wd), rel=1e-9), name


def test_default_constructor_cannot_express_it():
    """Why this constructor exists: with custom_keys MMEngine drops the
    bias rules for the matched parameters."""
    model = Net()
    default = OPTIM_WRAPPER_CONSTRUCTORS.build(
        dict(
            type='DefaultOptimWrapperConstructor',
            optim_wrapper_cfg=dict(
                type='OptimWrapper',
                optimizer=dict(
                    type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4)),
            paramwise_cfg=dict(
                bias_lr_mult=2., bias_decay_mult=0.,
                custom_keys={'decode_head': dict(lr_mult=10.)})))
    got = settings_by_name(model, default(model))
    assert got['decode_head.2.bias'] == pytest.approx((1e-2, 5e-4))


def test_missing_multipliers_default_to_one():
    model = Net()
    got = settings_by_name(
        model, build(dict(new_modules=['decode_head']))(model))
    assert len(got) == 9
    assert all(setting == pytest.approx((1e-3, 5e-4))
               for setting in got.values())


@pytest.mark.parametrize('paramwise_cfg, match', [
    (dict(lr_mult=dict(new_weight=10.)), 'new_modules'),
    (dict(new_modules=['head'], custom_keys={}), 'custom_keys'),
    (dict(new_modules=['decode_head'], lr_mult=dict(new=10.)), "'new'"),
])
def test_bad_config_names_the_key(paramwise_cfg, match):
    with pytest.raises(ValueError, match=match):
        build(paramwise_cfg)


def test_a_new_module_that_names_nothing_is_an_error():
    with pytest.raises(ValueError, match="'head' names no parameters"):
        build(dict(new_modules=['head']))(Net())


def test_bias_decay_mult_needs_a_weight_decay():
    with pytest.raises(ValueError, match='base_wd'):
        build(dict(new_modules=['decode_head'], bias_decay_mult=0.),
              weight_decay=None)
