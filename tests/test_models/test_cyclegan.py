"""CycleGANSegmentor and its parts: ResnetGenerator, PixelDiscriminator,
HistoryPool, the LSGAN loss, the image-range conversion."""
import pytest
import torch
import torch.nn.functional as F
from mmengine.optim import OptimWrapperDict

from mmseg.registry import MODELS, OPTIM_WRAPPER_CONSTRUCTORS
from mmseg_semi.models import CycleGANSegmentor
from mmseg_semi.models.losses import least_squares_gan_loss
from mmseg_semi.models.utils import (HistoryPool, from_tanh_range,
                                     segmentor_logits, to_tanh_range)

NUM_CLASSES = 3
MEAN = torch.tensor([123.675, 116.28, 103.53]).view(1, 3, 1, 1)
STD = torch.tensor([58.395, 57.12, 57.375]).view(1, 3, 1, 1)
SUBMODELS = ('segmentor', 'generator', 'image_discriminator',
             'mask_discriminator')


@pytest.fixture
def build(tiny_seg_cfg):

    def _build(**semi_train_cfg):
        semi_train_cfg.setdefault('pool_size', 0)  # fakes pass straight
        return MODELS.build(
            dict(
                type='CycleGANSegmentor',
                segmentor=tiny_seg_cfg(),
                generator=dict(
                    type='ResnetGenerator', base_channels=4, num_blocks=1,
                    dropout=0.0),
                image_discriminator=dict(
                    type='PixelDiscriminator', base_channels=4),
                mask_discriminator=dict(
                    type='PixelDiscriminator', base_channels=4),
                semi_train_cfg=semi_train_cfg))

    return _build


@pytest.fixture
def batch(semi_batch):

    def _batch():
        return semi_batch(views=('sup', 'unsup_weak'), num_unlabeled=2)

    return _batch


def loss_sum(losses):
    return sum(v for k, v in losses.items() if 'loss' in k)


def grads_of(module):
    return [p.grad for p in module.parameters()]


# ------------------------------------------------------------------ parts
def test_least_squares_gan_loss_by_hand():
    scores = torch.tensor([[0.5, 2.0], [1.0, -1.0]])
    # (0.25 + 1 + 0 + 4) / 4 and (0.25 + 4 + 1 + 1) / 4
    assert least_squares_gan_loss(scores, 1.0).item() == pytest.approx(1.3125)
    assert least_squares_gan_loss(scores, 0.0).item() == pytest.approx(1.5625)


def test_image_range_round_trip_and_values():
    raw = torch.tensor([0.0, 127.5, 255.0]).view(1, 1, 3, 1).expand(
        1, 3, 3, 1)
    normalised = (raw - MEAN) / STD
    images = to_tanh_range(normalised, MEAN, STD)
    torch.testing.assert_close(
        images[0, :, :, 0],
        torch.tensor([-1.0, 0.0, 1.0]).expand(3, 3))
    torch.testing.assert_close(from_tanh_range(images, MEAN, STD),
                               normalised)


@pytest.mark.parametrize('size', [(32, 32), (40, 56)])
def test_resnet_generator_shapes_and_tanh(size):
    gen = MODELS.build(
        dict(type='ResnetGenerator', in_channels=5, out_channels=3,
             base_channels=4, num_blocks=2))
    gen.init_weights()
    out = gen(torch.randn(2, 5, *size) * 10)
    assert out.shape == (2, 3, *size)
    assert out.abs().max() <= 1.0
    logits = MODELS.build(
        dict(type='ResnetGenerator', in_channels=3, out_channels=5,
             base_channels=4, num_blocks=0, output_act=None))
    assert logits(torch.randn(1, 3, 8, 8) * 100).abs().max() > 1.0
    with pytest.raises(ValueError, match='divisible by 4'):
        gen(torch.randn(1, 5, 30, 32))
    with pytest.raises(ValueError, match='5 input channels'):
        gen(torch.randn(1, 3, 32, 32))


def test_resnet_generator_reference_layout():
    """9 blocks, 64 base channels: the reference's ``resnet_9blocks``."""
    gen = MODELS.build(
        dict(type='ResnetGenerator', in_channels=21, out_channels=3))
    convs = [m for m in gen.modules()
             if isinstance(m, (torch.nn.Conv2d, torch.nn.ConvTranspose2d))]
    assert [c.out_channels for c in convs[:3]] == [64, 128, 256]
    assert len(convs) == 3 + 9 * 2 + 3
    assert [c.kernel_size for c in (convs[0], convs[-1])] == [(7, 7), (7, 7)]
    assert sum(isinstance(m, torch.nn.Dropout) for m in gen.modules()) == 9
    norms = [m for m in gen.modules()
             if isinstance(m, torch.nn.InstanceNorm2d)]
    assert norms and not any(n.affine for n in norms)
    gen.init_weights()
    weight = torch.cat([c.weight.flatten() for c in convs])
    assert weight.std().item() == pytest.approx(0.02, rel=0.05)
    assert all(torch.all(c.bias == 0) for c in convs)


@pytest.mark.parametrize('base_channels, num_blocks, gmac', [(64, 9, 30.0),
                                                            (16, 3, 1.4)])
def test_resnet_generator_cost_at_192x192(base_channels, num_blocks, gmac):
    """The cost configs/_base_/models/cyclegan_cpu.py states: GMAC of one
    21-class 192x192 forward pass, the reference's width and the CPU
    one (torch's flop counter counts 2 flops a multiply-add)."""
    from torch.utils.flop_counter import FlopCounterMode
    gen = MODELS.build(
        dict(type='ResnetGenerator', in_channels=21, out_channels=3,
             base_channels=base_channels, num_blocks=num_blocks)).eval()
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        gen(torch.zeros(1, 21, 192, 192))
    assert counter.get_total_flops() / 2e9 == pytest.approx(gmac, abs=0.05)


def test_pixel_discriminator_scores_every_pixel_from_itself():
    disc = MODELS.build(dict(type='PixelDiscriminator', in_channels=4))
    x = torch.randn(2, 4, 8, 8)
    out = disc(x)
    assert out.shape == (2, 1, 8, 8)
    assert all(m.kernel_size == (1, 1) for m in disc.modules()
               if isinstance(m, torch.nn.Conv2d))
    # with instance norm every pixel shares the norm's statistics; with a
    # per-channel affine norm (BN in eval mode) a score is purely local
    local = MODELS.build(
        dict(type='PixelDiscriminator', in_channels=4,
             norm_cfg=dict(type='BN', requires_grad=True))).eval()
    y = x.clone()
    y[:, :, 0, 0] += 1.0
    changed = (local(x) != local(y)).squeeze(1)
    assert changed[:, 0, 0].all() and changed.sum() == 2


# ------------------------------------------------------------------ pool
def test_pool_fills_then_swaps_with_probability_p():
    pool = HistoryPool(size=2, prob=0.5)
    gen = torch.Generator().manual_seed(0)
    first, second = torch.zeros(1, 1), torch.ones(1, 1)
    assert pool.query(first, gen) is not None
    assert torch.equal(pool.query(second, gen), second)
    assert len(pool.batches) == 2  # full
    returned_old = 0
    for i in range(2000):
        new = torch.full((1, 1), 10.0 + i)
        before = [b.clone() for b in pool.batches]
        out = pool.query(new, gen)
        if torch.equal(out, new):
            assert all(torch.equal(a, b) for a, b in zip(before,
                                                         pool.batches))
        else:  # a stored batch, replaced by the new one
            returned_old += 1
            index = next(i for i, b in enumerate(before)
                         if torch.equal(b, out))
            assert torch.equal(pool.batches[index], new)
    assert returned_old / 2000 == pytest.approx(0.5, abs=0.04)


def test_pool_of_size_zero_and_stored_values_are_detached_copies():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(2, 3, requires_grad=True)
    assert not HistoryPool(size=0).query(x, gen).requires_grad
    pool = HistoryPool(size=1, prob=1.0, storage_dtype='float16')
    pool.query(x, gen)
    assert pool.batches[0].dtype == torch.float16
    out = pool.query(torch.zeros(2, 3), gen)  # full: always the stored one
    assert out.dtype == torch.float32 and not out.requires_grad
    torch.testing.assert_close(out, x.detach(), atol=1e-3, rtol=1e-3)
    with pytest.raises(ValueError, match='prob'):
        HistoryPool(size=2, prob=1.5)


def test_pool_content_resumes_from_the_state_dict():
    pool = HistoryPool(size=3, prob=0.5)
    for i in range(5):
        pool.query(torch.full((2, 1), float(i)),
                   torch.Generator().manual_seed(i))
    state = pool.state_dict()
    resumed = HistoryPool(size=3, prob=0.5)
    resumed.load_state_dict(state)
    for a, b in zip(pool.batches, resumed.batches):
        assert torch.equal(a, b)
    new = torch.full((2, 1), 9.0)
    for seed in range(4):
        torch.testing.assert_close(
            pool.query(new, torch.Generator().manual_seed(seed)),
            resumed.query(new, torch.Generator().manual_seed(seed)))
    assert set(state) == {'stored', 'num_stored'}  # tensors only
    with pytest.raises(ValueError, match='holds 3 batches, but this pool '
                       'has size 2'):
        HistoryPool(size=2).load_state_dict(state)


# ------------------------------------------------------------------ model
def test_builds_four_submodels_with_reference_defaults(build):
    model = build()
    assert isinstance(model, CycleGANSegmentor)
    assert model.submodel_names == SUBMODELS
    assert (model.sup_image_weight, model.mask_cycle_weight,
            model.image_cycle_weight,
            model.adversarial_weight) == (1.0, 0.05, 1.0, 0.5)
    assert model.generator.in_channels == NUM_CLASSES
    assert model.mask_discriminator.in_channels == NUM_CLASSES
    assert model.image_discriminator.in_channels == 3
    assert build(mask_input='index_map').mask_discriminator.in_channels == 1
    with pytest.raises(ValueError, match='mask_input'):
        build(mask_input='one_hot')
    assert model.predict_on == 'segmentor'


def test_default_pools_hold_50_batches_returned_half_the_time(build):
    model = build(pool_size=50)
    assert (model.image_pool.size, model.image_pool.prob) == (50, 0.5)
    assert (model.mask_pool.size, model.mask_pool.prob) == (50, 0.5)


def test_generator_losses_by_hand(build, batch):
    model = build()
    model.train()
    inputs, samples = batch()
    losses, outputs = model.generator_step(inputs, samples)
    x_l, x_u = inputs['sup'], inputs['unsup_weak']
    y_l = torch.stack([s.gt_sem_seg.data[0] for s in samples['sup']])
    one_hot = F.one_hot(y_l.masked_fill(y_l == 255, 0), NUM_CLASSES)
    one_hot = one_hot.permute(0, 3, 1, 2).float() * (y_l != 255)[:, None]
    image_l = (x_l * STD + MEAN) / 127.5 - 1
    image_u = (x_u * STD + MEAN) / 127.5 - 1
    with torch.no_grad():
        fake = model.generator(one_hot)
        probs_u = segmentor_logits(model.segmentor, x_u).softmax(1)
        recon = model.generator(probs_u)
        cycle_logits = segmentor_logits(
            model.segmentor, ((fake + 1) * 127.5 - MEAN) / STD)
        seg_logits = segmentor_logits(model.segmentor, x_l)
    torch.testing.assert_close(outputs['fake_image'], fake)
    torch.testing.assert_close(outputs['real_image'], image_u)
    torch.testing.assert_close(outputs['fake_mask'], probs_u)
    torch.testing.assert_close(outputs['real_mask'], one_hot)
    expected = {
        'sup_decode.loss_ce': F.cross_entropy(seg_logits, y_l,
                                              ignore_index=255),
        'sup_loss_image': ((fake - image_l)**2).mean(),
        'cycle_decode.loss_ce': 0.05 * F.cross_entropy(
            cycle_logits, y_l, ignore_index=255),
        # the last 8 rows of the unlabelled images are padding
        'unsup_loss_image_cycle': (recon - image_u)[..., :24, :].abs().mean(),
        'unsup_loss_adv_mask': 0.5 * (
            (model.mask_discriminator(probs_u) - 1)**2).mean(),
        'sup_loss_adv_image': 0.5 * (
            (model.image_discriminator(fake) - 1)**2).mean(),
    }
    for name, value in expected.items():
        torch.testing.assert_close(losses[name], value.detach(),
                                   rtol=1e-5, atol=1e-6, msg=name)
    assert {k for k in losses if 'loss' in k} == set(expected)


def test_discriminator_losses_by_hand(build, batch):
    model = build()
    inputs, samples = batch()
    _, outputs = model.generator_step(inputs, samples)
    outputs = {k: v.detach() for k, v in outputs.items()}
    losses = model.discriminator_step(inputs, samples, outputs)
    d_i, d_s = model.image_discriminator, model.mask_discriminator
    expected_image = 0.5 * (((d_i(outputs['real_image']) - 1)**2).mean() +
                            (d_i(outputs['fake_image'])**2).mean())
    expected_mask = 0.5 * (((d_s(outputs['real_mask']) - 1)**2).mean() +
                           (d_s(outputs['fake_mask'])**2).mean())
    torch.testing.assert_close(losses['disc_loss_image'], expected_image)
    torch.testing.assert_close(losses['disc_loss_mask'], expected_mask)


@pytest.mark.parametrize('term, reaches', [
    ('unsup_loss_adv_mask', ('segmentor', )),
    ('cycle_decode.loss_ce', ('segmentor', 'generator')),
    ('unsup_loss_image_cycle', ('segmentor', 'generator')),
    ('sup_loss_adv_image', ('generator', )),
    ('sup_loss_image', ('generator', )),
])
def test_which_sub_models_each_term_trains(build, batch, term, reaches):
    model = build()
    model.train()
    inputs, samples = batch()
    with model.only_trainable(model.generator_side):
        losses, _ = model.generator_step(inputs, samples)
        losses[term].backward()
    for name in SUBMODELS:
        grads = [g for g in grads_of(model.get_module(name))
                 if g is not None and g.abs().sum() > 0]
        assert bool(grads) == (name in reaches), (term, name)


def test_faithful_mask_input_gives_the_segmentor_no_adversarial_gradient(
        build, batch):
    """The reference's argmax index map: the term is a no-op for the
    generator side, while the mask discriminator still learns from it."""
    model = build(mask_input='index_map')
    model.train()
    inputs, samples = batch()
    with model.only_trainable(model.generator_side):
        losses, outputs = model.generator_step(inputs, samples)
    assert not losses['unsup_loss_adv_mask'].requires_grad
    assert outputs['fake_mask'].shape == (2, 1, 32, 32)
    probs = segmentor_logits(model.segmentor, inputs['unsup_weak'])
    assert torch.equal(outputs['fake_mask'][:, 0].long(), probs.argmax(1))
    y_l = torch.stack([s.gt_sem_seg.data[0] for s in samples['sup']])
    assert torch.equal(outputs['real_mask'][:, 0].long(),
                       y_l.masked_fill(y_l == 255, 0))
    with model.only_trainable(model.discriminator_side):
        d_losses = model.discriminator_step(inputs, samples, outputs)
        d_losses['disc_loss_mask'].backward()
    assert all(g is not None for g in grads_of(model.mask_discriminator))


def optim_wrapper(model):
    return OPTIM_WRAPPER_CONSTRUCTORS.build(
        dict(
            type='MultiOptimWrapperConstructor',
            optim_wrapper_cfg={
                name: dict(type='OptimWrapper',
                           optimizer=dict(type='Adam', lr=2e-4,
                                          betas=(0.5, 0.999)))
                for name in SUBMODELS
            }))(model)


def raw_batch(make_sample):
    gen = torch.Generator().manual_seed(0)
    inputs = dict(sup=[], unsup_weak=[])
    samples = dict(sup=[], unsup_weak=[])
    for view in ('sup', 'unsup_weak', 'sup', 'unsup_weak'):
        other = 'unsup_weak' if view == 'sup' else 'sup'
        inputs[other].append(None)
        samples[other].append(None)
        inputs[view].append(torch.randint(0, 256, (3, 32, 32), generator=gen,
                                          dtype=torch.uint8))
        gt = torch.full((32, 32), 254) if view == 'unsup_weak' else \
            torch.randint(0, NUM_CLASSES, (32, 32), generator=gen)
        samples[view].append(make_sample(gt))
    return dict(inputs=inputs, data_samples=samples)


def test_train_step_updates_each_side_with_its_own_optimizers(
        build, make_sample):
    """Generator step then discriminator step: each optimizer moves its own
    sub-model once per iteration; the pools receive the fakes."""
    model = build(pool_size=2)
    wrappers = optim_wrapper(model)
    assert isinstance(wrappers, OptimWrapperDict)
    before = {n: [p.detach().clone() for p in model.get_module(n)
                  .parameters()] for n in SUBMODELS}
    log_vars = model.train_step(raw_batch(make_sample), wrappers)
    for name in SUBMODELS:
        moved = [not torch.equal(a, b) for a, b in zip(
            before[name], model.get_module(name).parameters())]
        assert any(moved), name
    assert int(model.generator_updates) == 1
    assert int(model.discriminator_updates) == 1
    assert len(model.image_pool.batches) == len(model.mask_pool.batches) == 1
    assert {'loss', 'loss_discriminator_side', 'disc_score_fake_mask',
            'unsup_loss_image_cycle'} <= set(log_vars)
    assert model.state_dict()['image_pool.num_stored'] == 1


def test_discriminator_step_leaves_both_generators_untouched(build, batch):
    model = build(pool_size=1)
    model.train()
    inputs, samples = batch()
    _, outputs = model.generator_step(inputs, samples)
    outputs = {k: v.detach() for k, v in outputs.items()}
    with model.only_trainable(model.discriminator_side):
        losses = model.discriminator_step(inputs, samples, outputs)
        loss_sum(losses).backward()
    for name in ('segmentor', 'generator'):
        assert all(g is None for g in grads_of(model.get_module(name))), name
    for name in model.discriminator_side:
        assert all(g is not None for g in grads_of(model.get_module(name)))
    # the first batch went into each pool
    assert int(model.image_pool.num_stored) == 1
    torch.testing.assert_close(model.image_pool.batches[0],
                               outputs['fake_image'])
