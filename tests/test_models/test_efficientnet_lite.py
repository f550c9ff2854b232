"""EfficientNetLite: the converted ImageNet weights reproduce the reference
network, MMSeg backbone conventions, checkpoint round trip, converter."""
import os.path as osp

import pytest
import torch
from mmengine.runner import CheckpointLoader
from torch.nn.modules.batchnorm import _BatchNorm

from mmseg.registry import MODELS
from mmseg_semi.models.backbones import (EfficientNetLite,
                                         convert_efficientnet_lite)
from mmseg_semi.models.backbones import efficientnet_lite_weights as weights

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
reference = pytest.importorskip('efficientnet_lite_pytorch')
# the reference's output of its blocks 2, 4, 10, 15 = our four levels
LEVEL_ENDS = (2, 4, 10, 15)


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv('MMSEG_SEMI_CACHE', str(tmp_path / 'cache'))


def reference_model(image_size=224):
    model = reference.EfficientNet.from_name(
        'efficientnet-lite0', image_size=image_size)
    state = torch.load(weights.package_weights_file('lite0'),
                       map_location='cpu', weights_only=True)
    model.load_state_dict(state)
    return model.eval()


def reference_levels(model, x):
    feats = []
    with torch.no_grad():
        h = model._swish(model._bn0(model._conv_stem(x)))
        for i, block in enumerate(model._blocks):
            h = block(h, drop_connect_rate=0.0)
            if i in LEVEL_ENDS:
                feats.append(h)
    return feats


def pretrained_backbone(**kwargs):
    backbone = MODELS.build(
        dict(type='EfficientNetLite',
             init_cfg=dict(type='Pretrained',
                           checkpoint='mmseg_semi://efficientnet-lite0'),
             **kwargs))
    backbone.init_weights()
    return backbone.eval()


@pytest.mark.parametrize('size,image_size', [((224, 224), 224),
                                             ((97, 130), None)])
def test_converted_weights_reproduce_the_reference(size, image_size):
    """Same features to 1e-5 at 224 (the reference's static padding) and at
    an odd size (its dynamic TF 'same' padding)."""
    torch.manual_seed(0)
    x = torch.randn(2, 3, *size)
    ours = pretrained_backbone()
    with torch.no_grad():
        outs = ours(x)
    expected = reference_levels(reference_model(image_size), x)
    assert [o.shape[1] for o in outs] == [24, 40, 112, 320]
    for out, ref in zip(outs, expected):
        assert out.shape == ref.shape
        assert torch.allclose(out, ref, atol=1e-5)


def test_conversion_happens_once_into_the_cache(tmp_path):
    path = weights.converted_weights_file('lite0')
    assert path.startswith(str(tmp_path / 'cache'))
    mtime = osp.getmtime(path)
    pretrained_backbone()
    assert osp.getmtime(path) == mtime  # read, not rewritten
    state = CheckpointLoader.load_checkpoint(
        'mmseg_semi://efficientnet-lite0')['state_dict']
    assert set(state) == set(EfficientNetLite().state_dict())


def test_unknown_scheme_name_is_a_clear_error():
    with pytest.raises(ValueError, match='efficientnet-lite0'):
        CheckpointLoader.load_checkpoint('mmseg_semi://resnet50')


def test_foreign_keys_are_rejected():
    with pytest.raises(KeyError, match='conv1.weight'):
        convert_efficientnet_lite({'conv1.weight': torch.zeros(1)})
    with pytest.raises(KeyError, match='another arch'):
        convert_efficientnet_lite(
            {'_blocks.16._bn0.weight': torch.zeros(1)}, 'lite0')


@pytest.mark.parametrize('output_stride,strides',
                         [(32, (4, 8, 16, 32)), (16, (4, 8, 16, 16)),
                          (8, (4, 8, 8, 8))])
def test_output_stride_by_dilation(output_stride, strides):
    backbone = EfficientNetLite(output_stride=output_stride).eval()
    with torch.no_grad():
        outs = backbone(torch.zeros(1, 3, 64, 96))
    assert [64 // o.shape[2] for o in outs] == list(strides)
    assert [96 // o.shape[3] for o in outs] == list(strides)
    dilation = {32: 1, 16: 2, 8: 4}[output_stride]
    assert backbone.layer4[0].depthwise_conv.conv.dilation == \
        (dilation, dilation)


def test_out_indices():
    outs = EfficientNetLite(out_indices=(1, 3)).eval()(
        torch.zeros(1, 3, 64, 64))
    assert [o.shape[1] for o in outs] == [40, 320]


def test_frozen_stages_and_norm_eval():
    backbone = EfficientNetLite(frozen_stages=2, norm_eval=True)
    backbone.train()
    for name in ('stem', 'layer1', 'layer2'):
        module = getattr(backbone, name)
        assert not any(p.requires_grad for p in module.parameters())
        assert not module.training
    assert all(p.requires_grad for p in backbone.layer3.parameters())
    assert backbone.layer3.training
    assert all(not m.training for m in backbone.modules()
               if isinstance(m, _BatchNorm))
    # a frozen stem gets no gradient, layer3 does
    out = backbone(torch.randn(2, 3, 64, 64))[-1].sum()
    out.backward()
    assert backbone.stem.conv.weight.grad is None
    assert backbone.layer3[0].expand_conv.conv.weight.grad is not None


def test_drop_path_only_in_training():
    backbone = EfficientNetLite(drop_path_rate=0.5)
    x = torch.randn(4, 3, 64, 64)
    backbone.eval()
    with torch.no_grad():
        assert torch.equal(backbone(x)[-1], backbone(x)[-1])
    backbone.train()
    torch.manual_seed(0)
    a = backbone(x)[2]
    torch.manual_seed(1)
    b = backbone(x)[2]
    assert not torch.allclose(a, b)


def test_checkpoint_round_trip(tmp_path):
    backbone = pretrained_backbone(output_stride=16)
    path = str(tmp_path / 'backbone.pth')
    torch.save(dict(state_dict=backbone.state_dict()), path)
    other = MODELS.build(
        dict(type='EfficientNetLite', output_stride=16,
             init_cfg=dict(type='Pretrained', checkpoint=path)))
    other.init_weights()
    for key, value in backbone.state_dict().items():
        assert torch.equal(other.state_dict()[key], value), key


def _converter():
    return load_tool('model_converters/efficientnet_lite2mmseg.py')


def test_converter_tool_writes_an_mmseg_checkpoint(tmp_path):
    dst = str(tmp_path / 'lite0.pth')
    assert _converter().main(['package', dst]) == 0
    state = torch.load(dst, weights_only=True)['state_dict']
    expected = CheckpointLoader.load_checkpoint(
        'mmseg_semi://efficientnet-lite0')['state_dict']
    assert state.keys() == expected.keys()
    assert all(torch.equal(state[k], expected[k]) for k in state)
    with pytest.raises(FileExistsError):  # nothing already written is lost
        _converter().main(['package', dst])
