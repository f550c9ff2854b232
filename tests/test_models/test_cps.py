"""CPSSegmentor: two branches, cross pseudo supervision, CutMix variant."""
import copy

import pytest
import torch

from mmseg.registry import MODELS
from mmseg_semi.models import CPSSegmentor, CrossPseudoLoss
from mmseg_semi.models.utils import (cutmix_partners, mix_by_mask,
                                     segmentor_logits, valid_pixel_mask)

VIEWS = ('sup', 'unsup_weak')


@pytest.fixture
def build(tiny_seg_cfg):

    def _build(cps_weight=1.5, cutmix=None, **kwargs):
        return MODELS.build(
            dict(
                type='CPSSegmentor',
                segmentor=tiny_seg_cfg(),
                cps_loss=dict(type='CrossPseudoLoss',
                              loss_weight=cps_weight),
                semi_train_cfg=dict(cutmix=cutmix),
                **kwargs))

    return _build


def loss_sum(losses):
    return sum(value for key, value in losses.items() if 'loss' in key)


def grads(module):
    return {
        name: param.grad.clone()
        for name, param in module.named_parameters()
        if param.grad is not None
    }


def test_two_trainable_branches_that_start_different(build):
    model = build()
    assert isinstance(model, CPSSegmentor)
    assert isinstance(model.cps_loss, CrossPseudoLoss)
    assert model.cps_loss.loss_weight == 1.5
    for name in ('branch1', 'branch2'):
        branch = getattr(model, name)
        assert all(p.requires_grad for p in branch.parameters())
    model.train()
    assert model.branch1.training and model.branch2.training
    params1 = dict(model.branch1.named_parameters())
    params2 = dict(model.branch2.named_parameters())
    assert params1.keys() == params2.keys()
    assert not torch.equal(params1['decode_head.conv_seg.weight'],
                           params2['decode_head.conv_seg.weight'])
    model.init_weights()  # MMEngine's init draws each branch separately
    assert not torch.equal(model.branch1.decode_head.conv_seg.weight,
                           model.branch2.decode_head.conv_seg.weight)
    assert model.predict_on == 'branch1'


def test_loss_keys(build, semi_batch):
    model = build()
    inputs, samples = semi_batch(views=VIEWS)
    losses = model.loss(inputs, samples)
    assert {'sup_branch1.decode.loss_ce', 'sup_branch2.decode.loss_ce',
            'unsup_loss_cps'} <= set(losses)


def test_with_zero_lambda_each_branch_gets_its_supervised_gradient(
        build, semi_batch):
    model = build(cps_weight=0.0)
    model.train()
    reference = {
        name: copy.deepcopy(getattr(model, name))
        for name in ('branch1', 'branch2')
    }
    inputs, samples = semi_batch(views=VIEWS)
    loss_sum(model.loss(inputs, copy.deepcopy(samples))).backward()
    for name, branch in reference.items():
        loss_sum(branch.loss(inputs['sup'],
                             copy.deepcopy(samples['sup']))).backward()
        expected = grads(branch)
        got = grads(getattr(model, name))
        assert expected.keys() == got.keys()
        for key in expected:
            assert torch.allclose(got[key], expected[key], atol=1e-6), key


def test_cps_term_reaches_both_branches(build, semi_batch):
    model = build()
    model.semi_train_cfg.sup_weight = 0.0
    model.train()
    inputs, samples = semi_batch(views=VIEWS)
    losses = model.loss(inputs, samples)
    assert losses['sup_branch1.decode.loss_ce'].item() == 0.0
    losses['unsup_loss_cps'].backward()
    for name in ('branch1', 'branch2'):
        head = getattr(model, name).decode_head.conv_seg.weight
        assert head.grad is not None and head.grad.abs().sum() > 0


def test_plain_cps_covers_labelled_and_unlabelled_images(build, semi_batch):
    model = build()
    model.train()
    inputs, samples = semi_batch(views=VIEWS)
    losses = model.loss(inputs, copy.deepcopy(samples))
    with torch.no_grad():  # train-mode outputs depend only on the batch
        logits = [
            torch.cat([
                segmentor_logits(getattr(model, name), inputs['sup']),
                segmentor_logits(getattr(model, name), inputs['unsup_weak'])
            ]) for name in ('branch1', 'branch2')
        ]
    valid = torch.cat([
        valid_pixel_mask(samples['sup']),
        valid_pixel_mask(samples['unsup_weak'])
    ])
    expected = CrossPseudoLoss(loss_weight=1.5)(*logits, valid)
    assert losses['unsup_loss_cps'].item() == pytest.approx(
        expected.item(), rel=1e-5)


def test_cutmix_cps_uses_mixed_images_and_mixed_pseudo_labels(
        build, semi_batch, monkeypatch):
    model = build(
        cps_weight=1.0, cutmix=dict(type='BoxMaskGenerator', n_boxes=3))
    model.train()
    inputs, samples = semi_batch(views=VIEWS, num_unlabeled=4)
    mask = torch.zeros(2, 1, 32, 32)
    mask[0, :, 4:20, 8:30] = 1
    mask[1, :, 10:32, 0:12] = 1
    monkeypatch.setattr(model, 'mask_generator', lambda n, shape, generator=None: mask)
    losses = model.loss(inputs, copy.deepcopy(samples))

    u = inputs['unsup_weak']
    base, partner = torch.tensor([0, 1]), torch.tensor([2, 3])
    with torch.no_grad():
        mixed = mix_by_mask(u[base], u[partner], mask)
        t1 = mix_by_mask(
            segmentor_logits(model.branch1, u[base]),
            segmentor_logits(model.branch1, u[partner]), mask)
        t2 = mix_by_mask(
            segmentor_logits(model.branch2, u[base]),
            segmentor_logits(model.branch2, u[partner]), mask)
        s1 = segmentor_logits(model.branch1, mixed)
        s2 = segmentor_logits(model.branch2, mixed)
    valid = valid_pixel_mask(samples['unsup_weak'])
    mixed_valid = mix_by_mask(valid[base], valid[partner], mask)
    expected = CrossPseudoLoss(loss_weight=1.0)(
        s1, s2, mixed_valid, pseudo_logits1=t1, pseudo_logits2=t2)
    assert losses['unsup_loss_cps'].item() == pytest.approx(
        expected.item(), rel=1e-5)
    # the mixed content mask is padding exactly where the source pixel was
    assert torch.equal(mixed_valid[mask[:, 0].bool()],
                       valid[partner][mask[:, 0].bool()])


def test_cutmix_never_mixes_an_image_with_itself(make_sample):
    samples = [
        make_sample(metainfo=dict(img_path=p))
        for p in ['a.png', 'b.png', 'c.png', 'a.png']
    ]
    base, partner = cutmix_partners(samples)
    assert base.tolist() == [0, 1]
    # a.png would meet itself at index 3: paired with c.png instead
    assert partner.tolist() == [2, 3]
    paths = [s.img_path for s in samples]
    for b, p in zip(base.tolist(), partner.tolist()):
        assert paths[b] != paths[p]


@pytest.mark.parametrize('paths,match', [
    (['a.png'], 'even number'),
    (['a.png', 'b.png', 'c.png'], 'even number'),
    (['a.png', 'a.png'], 'mixed with itself'),
])
def test_cutmix_pairs_errors(make_sample, paths, match):
    samples = [make_sample(metainfo=dict(img_path=p)) for p in paths]
    with pytest.raises(ValueError, match=match):
        cutmix_partners(samples)


def test_predict_on_branch2_and_ensemble(build, make_sample):
    model = build()
    model.eval()
    torch.manual_seed(0)
    inputs = torch.randn(1, 3, 32, 32)

    def predict(mode):
        model.predict_on = mode
        return model.predict(inputs, [make_sample()])[0]

    out1, out2 = predict('branch1'), predict('branch2')
    assert not torch.equal(out1.seg_logits.data, out2.seg_logits.data)
    ensemble = predict('ensemble')
    expected = (out1.seg_logits.data.softmax(0) +
                out2.seg_logits.data.softmax(0)) / 2
    assert torch.allclose(ensemble.seg_logits.data, expected, atol=1e-6)
    assert torch.equal(ensemble.pred_sem_seg.data,
                       expected.argmax(0, keepdim=True))
    with pytest.raises(ValueError, match='ensemble'):
        model.predict_model
    with pytest.raises(ValueError, match="'branch3'"):
        model.predict_on = 'branch3'


def test_plain_checkpoint_fills_both_branches(build, tiny_seg_cfg):
    plain = MODELS.build(tiny_seg_cfg())
    model = build()
    model.load_state_dict(plain.state_dict())
    for name in ('branch1', 'branch2'):
        for key, value in getattr(model, name).state_dict().items():
            assert torch.equal(value, plain.state_dict()[key])
