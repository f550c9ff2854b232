"""WideResNet38: the reference's network from its own key layout, the
converter, MMSeg backbone conventions."""
import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from torch.nn.modules.batchnorm import _BatchNorm

from mmseg.registry import MODELS
from mmseg_semi.models.backbones import WideResNet38

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

# the reference's resnet38d layout (reference/wseg_cyclegan.md A3), written
# out independently of the backbone: (name, kind, in, mid, out, stride,
# first dilation, dilation)
REFERENCE_BLOCKS = (
    [('b2', 'basic', 64, 128, 128, 2, 1, 1)] +
    [(f'b2_{i}', 'basic', 128, 128, 128, 1, 1, 1) for i in (1, 2)] +
    [('b3', 'basic', 128, 256, 256, 2, 1, 1)] +
    [(f'b3_{i}', 'basic', 256, 256, 256, 1, 1, 1) for i in (1, 2)] +
    [('b4', 'basic', 256, 512, 512, 2, 1, 1)] +
    [(f'b4_{i}', 'basic', 512, 512, 512, 1, 1, 1) for i in range(1, 6)] +
    [('b5', 'basic', 512, 512, 1024, 1, 1, 2)] +
    [(f'b5_{i}', 'basic', 1024, 512, 1024, 1, 2, 2) for i in (1, 2)] +
    [('b6', 'bottleneck', 1024, 0, 2048, 1, 4, 4),
     ('b7', 'bottleneck', 2048, 0, 4096, 1, 4, 4)])


def reference_state_dict(seed=0):
    """Random weights in the reference's key layout, with BN statistics
    that are not the identity, plus a classifier the backbone lacks."""
    gen = torch.Generator().manual_seed(seed)
    sd = {}

    def conv(name, cin, cout, k):
        sd[f'{name}.weight'] = torch.randn(
            cout, cin, k, k, generator=gen) * (1.0 / (cin * k * k))**0.5

    def bn(name, c):
        sd[f'{name}.weight'] = 1 + 0.1 * torch.randn(c, generator=gen)
        sd[f'{name}.bias'] = 0.1 * torch.randn(c, generator=gen)
        sd[f'{name}.running_mean'] = 0.1 * torch.randn(c, generator=gen)
        sd[f'{name}.running_var'] = 1 + torch.rand(c, generator=gen)

    conv('conv1a', 3, 64, 3)
    for name, kind, cin, mid, cout, stride, _, _ in REFERENCE_BLOCKS:
        bn(f'{name}.bn_branch2a', cin)
        if kind == 'basic':
            conv(f'{name}.conv_branch2a', cin, mid, 3)
            bn(f'{name}.bn_branch2b1', mid)
            conv(f'{name}.conv_branch2b1', mid, cout, 3)
        else:
            conv(f'{name}.conv_branch2a', cin, cout // 4, 1)
            bn(f'{name}.bn_branch2b1', cout // 4)
            conv(f'{name}.conv_branch2b1', cout // 4, cout // 2, 3)
            bn(f'{name}.bn_branch2b2', cout // 2)
            conv(f'{name}.conv_branch2b2', cout // 2, cout, 1)
        if kind == 'bottleneck' or cin != cout or stride != 1:
            conv(f'{name}.conv_branch1', cin, cout, 1)
    bn('bn7', 4096)
    sd['fc8.weight'] = torch.randn(1000, 4096, 1, 1, generator=gen)
    return sd


def reference_forward(sd, x):
    """The reference network in eval mode, functionally: its ``conv3`` (raw
    output of b3_2) and ``conv6`` (ReLU(bn7(b7)))."""

    def bn_relu(name, h):
        return F.relu(
            F.batch_norm(h, sd[f'{name}.running_mean'],
                         sd[f'{name}.running_var'], sd[f'{name}.weight'],
                         sd[f'{name}.bias'], False, 0.0, 1e-5))

    def conv(name, h, stride=1, dilation=1):
        w = sd[f'{name}.weight']
        return F.conv2d(h, w, stride=stride, dilation=dilation,
                        padding=dilation * (w.shape[-1] // 2))

    h = conv('conv1a', x)
    conv3 = None
    for name, kind, cin, _, cout, stride, first_dil, dil in REFERENCE_BLOCKS:
        act = bn_relu(f'{name}.bn_branch2a', h)
        if f'{name}.conv_branch1.weight' in sd:
            shortcut = conv(f'{name}.conv_branch1', act, stride)
        else:
            shortcut = h
        if kind == 'basic':
            out = conv(f'{name}.conv_branch2a', act, stride, first_dil)
            out = conv(f'{name}.conv_branch2b1',
                       bn_relu(f'{name}.bn_branch2b1', out), 1, dil)
        else:
            out = conv(f'{name}.conv_branch2a', act, stride)
            out = conv(f'{name}.conv_branch2b1',
                       bn_relu(f'{name}.bn_branch2b1', out), 1, dil)
            out = conv(f'{name}.conv_branch2b2',
                       bn_relu(f'{name}.bn_branch2b2', out))
        h = shortcut + out
        if name == 'b3_2':
            conv3 = h
    return conv3, bn_relu('bn7', h)


def load_converter():
    return load_tool('model_converters/wide_resnet382mmseg.py')


@pytest.fixture(scope='module')
def reference_and_converted(tmp_path_factory):
    converter = load_converter()
    sd = reference_state_dict()
    src = tmp_path_factory.mktemp('wrn38') / 'ilsvrc-a1.pth'
    torch.save(sd, src)
    dst = src.parent / 'wrn38_mmseg.pth'
    assert converter.main([str(src), str(dst)]) == 0
    return sd, dst


def test_converted_weights_reproduce_the_reference(reference_and_converted):
    sd, dst = reference_and_converted
    backbone = MODELS.build(
        dict(type='WideResNet38', out_indices=(1, 5),
             init_cfg=dict(type='Pretrained', checkpoint=str(dst))))
    backbone.init_weights()
    backbone.eval()
    x = torch.randn(2, 3, 40, 56, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        ours = backbone(x)
        expected = reference_forward(sd, x)
    for got, want in zip(ours, expected):
        assert got.shape == want.shape
        assert (got - want).abs().max() <= 1e-5 * want.abs().max()
    # stride 4 (256 channels) and stride 8 (4096 channels)
    assert ours[0].shape == (2, 256, 10, 14)
    assert ours[1].shape == (2, 4096, 5, 7)


def test_converter_keeps_every_backbone_tensor_and_drops_the_rest(
        reference_and_converted):
    converter = load_converter()
    converted, skipped = converter.convert_wide_resnet38(
        reference_and_converted[0])
    with torch.device('meta'):
        backbone = WideResNet38()
    expected = {
        k for k in backbone.state_dict()
        if not k.endswith('num_batches_tracked')
    }
    assert set(converted) == expected
    assert skipped == ['fc8.weight']
    assert converter.convert_key('module.b4_3.bn_branch2a.running_var') == \
        'layer3.3.norm1.running_var'


def test_converter_refuses_an_incomplete_source_and_an_existing_output(
        tmp_path):
    converter = load_converter()
    sd = {k: v for k, v in reference_state_dict().items()
          if k.startswith(('conv1a.', 'b2.'))}  # 12 of its 191 tensors
    src = tmp_path / 'broken.pth'
    torch.save(sd, src)
    with pytest.raises(KeyError, match=r"lacks 179 backbone tensors, e.g. \['layer1.1.norm1.weight'"):
        converter.main([str(src), str(tmp_path / 'out.pth')])
    assert not (tmp_path / 'out.pth').exists()
    existing = tmp_path / 'existing.pth'
    existing.write_bytes(b'keep me')
    with pytest.raises(FileExistsError, match='not overwritten'):
        converter.main([str(src), str(existing)])
    assert existing.read_bytes() == b'keep me'


def test_out_indices_channels_and_strides():
    backbone = WideResNet38(out_indices=tuple(range(6))).eval()
    with torch.no_grad():
        outs = backbone(torch.randn(1, 3, 32, 48))
    assert [o.shape[1] for o in outs] == [128, 256, 512, 1024, 2048, 4096]
    assert [o.shape[-2:] for o in outs] == [(16, 24), (8, 12)] + [(4, 6)] * 4
    assert backbone.out_channels == [128, 256, 512, 1024, 2048, 4096]


def test_frozen_stages_and_norm_eval_as_the_reference():
    """Reference: stem and layer1 (b2, b2_1, b2_2) frozen, every BN
    frozen."""
    backbone = WideResNet38(
        frozen_stages=1, norm_cfg=dict(type='BN', requires_grad=False),
        norm_eval=True)
    backbone.train()
    frozen = ['stem.', 'layer1.']
    for name, param in backbone.named_parameters():
        is_norm = '.norm' in name or name.startswith('final_norm')
        should_train = not is_norm and not any(
            name.startswith(p) for p in frozen)
        assert param.requires_grad == should_train, name
    assert all(not m.training for m in backbone.modules()
               if isinstance(m, _BatchNorm))
    assert backbone.layer5[0].dropout.training  # dropout still active
    assert backbone.layer5[0].dropout.p == 0.3
    assert backbone.layer6[0].dropout.p == 0.5


@pytest.mark.parametrize('kwargs, match', [
    (dict(out_indices=(6, )), 'out_indices'),
    (dict(frozen_stages=7), 'frozen_stages'),
    (dict(dropout=(0.3, )), 'dropout'),
])
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        WideResNet38(**kwargs)
