"""S4GANSegmentor and the alternating updates of AdversarialBaseSegmentor."""
import copy

import pytest
import torch
import torch.nn.functional as F
from mmengine.optim import OptimWrapperDict

from mmseg.registry import MODELS, OPTIM_WRAPPER_CONSTRUCTORS
from mmseg_semi.models import S4GANSegmentor
from mmseg_semi.models.losses import pseudo_label_cross_entropy
from mmseg_semi.models.utils import min_max_scale

NUM_CLASSES = 3
VIEWS = ('sup', 'unsup_weak', 'sup_disc')


@pytest.fixture
def build(tiny_seg_cfg):

    def _build(**semi_train_cfg):
        return MODELS.build(
            dict(
                type='S4GANSegmentor',
                segmentor=tiny_seg_cfg(),
                semi_train_cfg=semi_train_cfg))

    return _build


@pytest.fixture
def batch(semi_batch, make_sample):
    """Preprocessed views: sup, unsup_weak and sup_disc (real samples)."""

    def _batch(num_unlabeled=3):
        inputs, samples = semi_batch(
            views=('sup', 'unsup_weak'), num_unlabeled=num_unlabeled)
        gen = torch.Generator().manual_seed(1)
        inputs['sup_disc'] = 3 * torch.randn(2, 3, 32, 32, generator=gen)
        samples['sup_disc'] = []
        for _ in range(2):
            gt = torch.randint(0, NUM_CLASSES, (32, 32), generator=gen)
            gt[:4] = 255
            samples['sup_disc'].append(make_sample(gt))
        return inputs, samples

    return _batch


def raw_batch(make_sample, seed=0):
    """A collated MultiBranch batch (uint8 images), as the dataloader
    gives it: 2 labelled, 2 unlabelled, 2 real samples."""
    gen = torch.Generator().manual_seed(seed)
    inputs = {view: [] for view in VIEWS}
    samples = {view: [] for view in VIEWS}
    for i, view in enumerate(VIEWS * 2):
        for other in VIEWS:
            if other != view:
                inputs[other].append(None)
                samples[other].append(None)
        inputs[view].append(
            torch.randint(0, 256, (3, 32, 32), generator=gen,
                          dtype=torch.uint8))
        if view == 'unsup_weak':
            gt = torch.full((32, 32), 254)
        else:
            gt = torch.randint(0, NUM_CLASSES, (32, 32), generator=gen)
        samples[view].append(make_sample(gt))
    return dict(inputs=inputs, data_samples=samples)


def optim_wrapper(model, seg_lr=0.1, disc_lr=0.1):
    constructor = OPTIM_WRAPPER_CONSTRUCTORS.build(
        dict(
            type='MultiOptimWrapperConstructor',
            optim_wrapper_cfg=dict(
                segmentor=dict(
                    type='OptimWrapper',
                    optimizer=dict(type='SGD', lr=seg_lr)),
                discriminator=dict(
                    type='OptimWrapper',
                    optimizer=dict(type='SGD', lr=disc_lr)))))
    return constructor(model)


def loss_sum(losses):
    return sum(v for k, v in losses.items() if 'loss' in k)


def params(module):
    return {k: v.detach().clone() for k, v in module.named_parameters()}


def test_builds_two_submodels_with_reference_defaults(build):
    model = build()
    assert isinstance(model, S4GANSegmentor)
    assert model.submodel_names == ('segmentor', 'discriminator')
    assert model.discriminator.in_channels == NUM_CLASSES + 3
    assert model.fm_loss.loss_weight == 0.1
    assert (model.st_threshold, model.st_weight) == (0.6, 1.0)
    assert model.predict_on == 'segmentor'
    assert int(model.generator_updates) == 0
    with pytest.raises(ValueError, match='real_image_range'):
        build(real_image_range='labelled')
    with pytest.raises(ValueError, match='discriminator_steps'):
        build(discriminator_steps=0)


def test_loss_is_refused(build, batch):
    with pytest.raises(TypeError, match='train_step'):
        build().loss(*batch())


def test_segmentor_step_gives_the_discriminator_no_gradient(build, batch):
    model = build()
    model.train()
    inputs, samples = batch()
    with model.only_trainable(model.generator_side):
        losses, outputs = model.generator_step(inputs, samples)
        loss_sum(losses).backward()
    assert {'sup_decode.loss_ce', 'unsup_loss_fm', 'unsup_loss_st',
            'st_image_ratio'} <= set(losses)
    assert all(p.grad is None for p in model.discriminator.parameters())
    assert all(p.requires_grad for p in model.discriminator.parameters())
    seg_grads = [p.grad for p in model.segmentor.parameters()]
    assert all(g is not None for g in seg_grads)
    assert set(outputs) == {'fake', 'real'}
    assert outputs['fake'].shape == (3, NUM_CLASSES + 3, 32, 32)


def test_feature_matching_alone_reaches_the_segmentor(build, batch):
    """The FM term's gradient flows into the segmentor through the
    discriminator (frozen) and the softmax of the unlabelled prediction."""
    model = build()
    model.train()
    inputs, samples = batch()
    losses, _ = model.generator_step(inputs, samples)
    losses['unsup_loss_fm'].backward()
    assert model.segmentor.decode_head.conv_seg.weight.grad.abs().sum() > 0


def test_discriminator_step_gives_the_segmentor_no_gradient(build, batch):
    model = build()
    model.train()
    inputs, samples = batch()
    _, outputs = model.generator_step(inputs, samples)
    outputs = {k: v.detach() for k, v in outputs.items()}
    with model.only_trainable(model.discriminator_side):
        d_losses = model.discriminator_step(inputs, samples, outputs)
        loss_sum(d_losses).backward()
    assert all(p.grad is None for p in model.segmentor.parameters())
    assert all(p.grad is not None for p in model.discriminator.parameters())


def test_discriminator_loss_is_half_bce_of_fake_zero_and_real_one(
        build, batch):
    model = build()
    model.eval()  # no dropout: the same logits twice
    inputs, samples = batch()
    _, outputs = model.generator_step(inputs, samples)
    losses = model.discriminator_step(inputs, samples, outputs)
    fake, _ = model.discriminator(outputs['fake'])
    real, _ = model.discriminator(outputs['real'])
    expected_fake = -torch.log(1 - torch.sigmoid(fake)).mean() / 2
    expected_real = -torch.log(torch.sigmoid(real)).mean() / 2
    torch.testing.assert_close(losses['disc_loss_fake'], expected_fake)
    torch.testing.assert_close(losses['disc_loss_real'], expected_real)


def test_real_input_is_one_hot_with_zero_ignore_pixels(build, batch):
    model = build()
    inputs, samples = batch()
    real = model.real_input(inputs, samples)
    assert real.shape == (2, NUM_CLASSES + 3, 32, 32)
    class_map = real[:, :NUM_CLASSES]
    assert torch.all(class_map[:, :, :4] == 0)  # rows labelled 255
    assert torch.all(class_map[:, :, 4:].sum(dim=1) == 1)
    gt = samples['sup_disc'][1].gt_sem_seg.data[0]
    assert torch.equal(class_map[1, :, 4:].argmax(dim=0), gt[4:])
    torch.testing.assert_close(real[:, NUM_CLASSES:],
                               min_max_scale(inputs['sup_disc']))


def test_real_images_scaled_by_the_supervised_range_when_faithful(
        build, batch):
    inputs, samples = batch()
    real = build(real_image_range='sup').real_input(inputs, samples)
    torch.testing.assert_close(
        real[:, NUM_CLASSES:],
        min_max_scale(inputs['sup_disc'], inputs['sup']))
    assert real[:, NUM_CLASSES:].max() > 1  # the bug: outside [0, 1]


def fixed_scores(model, probabilities):
    """Make the discriminator rate the unlabelled images with the given
    probabilities (and anything else 0.5)."""
    logits = torch.logit(torch.tensor(probabilities)).unsqueeze(1)
    forward = model.discriminator.forward

    def scored(x):
        out, features = forward(x)
        if x.shape[0] == logits.shape[0]:
            out = out * 0 + logits
        return out, features

    model.discriminator.forward = scored


def test_self_training_uses_exactly_the_images_above_gamma(build, batch):
    model = build(st_threshold=0.6, st_weight=2.0)
    model.train()
    model.discriminator_updates += 1  # a trained discriminator
    fixed_scores(model, [0.9, 0.5, 0.7])
    inputs, samples = batch(num_unlabeled=3)
    torch.manual_seed(0)
    losses, _ = model.generator_step(inputs, samples)
    assert losses['st_image_ratio'].item() == pytest.approx(2 / 3)

    torch.manual_seed(0)
    logits = F.interpolate(
        model.segmentor(inputs['unsup_weak'], mode='tensor'), size=(32, 32),
        mode='bilinear', align_corners=False)
    picked = logits[[0, 2]]
    labels = picked.argmax(dim=1)
    labels[:, -8:] = 255  # padding rows of the unlabelled batch
    expected = 2.0 * pseudo_label_cross_entropy(picked, labels)
    torch.testing.assert_close(losses['unsup_loss_st'], expected)


def test_self_training_on_padding_when_faithful(build, batch):
    model = build(st_on_padding=True)
    model.eval()
    model.discriminator_updates += 1
    fixed_scores(model, [0.9, 0.1, 0.1])
    inputs, samples = batch(num_unlabeled=3)
    losses, _ = model.generator_step(inputs, samples)
    logits = F.interpolate(
        model.segmentor(inputs['unsup_weak'][:1], mode='tensor'),
        size=(32, 32), mode='bilinear', align_corners=False)
    expected = F.cross_entropy(logits, logits.argmax(dim=1))
    torch.testing.assert_close(losses['unsup_loss_st'], expected)


def test_no_self_training_before_the_discriminator_learned(build, batch):
    model = build(st_threshold=0.0)
    model.train()
    inputs, samples = batch()
    losses, _ = model.generator_step(inputs, samples)
    assert losses['st_image_ratio'].item() == 1.0
    assert losses['unsup_loss_st'].item() == 0.0
    model.discriminator_updates += 1
    model.st_threshold = 0.6
    fixed_scores(model, [0.1, 0.2, 0.3])
    losses, _ = model.generator_step(inputs, samples)  # none selected
    assert losses['st_image_ratio'].item() == 0.0
    assert losses['unsup_loss_st'].item() == 0.0


def test_train_step_equals_segmentor_update_then_discriminator_update(
        build, make_sample):
    model = build()
    model.train()
    reference = copy.deepcopy(model)
    data = raw_batch(make_sample)

    torch.manual_seed(0)
    log_vars = model.train_step(copy.deepcopy(data), optim_wrapper(model))
    assert int(model.generator_updates) == 1
    assert int(model.discriminator_updates) == 1
    assert {'loss', 'loss_discriminator_side',
            'disc_loss_fake', 'unsup_loss_fm'} <= set(log_vars)

    # by hand: SGD on the segmentor loss (D unchanged), then on D's loss
    torch.manual_seed(0)
    batch = reference.data_preprocessor(copy.deepcopy(data), True)
    inputs, samples = batch['inputs'], batch['data_samples']
    disc_before = params(reference.discriminator)
    losses, outputs = reference.generator_step(inputs, samples)
    seg_params = list(reference.segmentor.parameters())
    seg_grads = torch.autograd.grad(loss_sum(losses), seg_params,
                                    allow_unused=True)
    with torch.no_grad():
        for p, g in zip(seg_params, seg_grads):
            if g is not None:
                p -= 0.1 * g
    assert all(torch.equal(p, disc_before[k]) for k, p in
               reference.discriminator.named_parameters())
    outputs = {k: v.detach() for k, v in outputs.items()}
    d_losses = reference.discriminator_step(inputs, samples, outputs)
    d_params = list(reference.discriminator.parameters())
    d_grads = torch.autograd.grad(loss_sum(d_losses), d_params)
    with torch.no_grad():
        for p, g in zip(d_params, d_grads):
            p -= 0.1 * g

    for name in ('segmentor', 'discriminator'):
        got = params(getattr(model, name))
        for key, value in params(getattr(reference, name)).items():
            torch.testing.assert_close(got[key], value, msg=key)
    # the flags are restored after each side's step
    assert all(p.requires_grad for p in model.parameters())


def test_discriminator_steps_and_init_steps_schedule_the_segmentor(
        build, make_sample):
    model = build(discriminator_steps=2, disc_init_steps=2)
    model.train()
    wrapper = optim_wrapper(model)
    updated = []
    for it in range(6):
        seg_before = params(model.segmentor)
        model.train_step(raw_batch(make_sample, seed=it), wrapper)
        after = params(model.segmentor)
        updated.append(any(not torch.equal(after[k], v)
                           for k, v in seg_before.items()
                           if 'running' not in k))
    # D every iteration; S at iterations 3 and 5 ((it + 1) % 2 == 0, >= 2)
    assert updated == [False, False, False, True, False, True]
    assert int(model.discriminator_updates) == 6
    assert int(model.generator_updates) == 2


def test_train_step_needs_an_optimizer_per_side(build, make_sample):
    model = build()
    with pytest.raises(TypeError, match='MultiOptimWrapperConstructor'):
        model.train_step(raw_batch(make_sample), None)
    only_seg = OptimWrapperDict(segmentor=optim_wrapper(model)['segmentor'])
    with pytest.raises(TypeError, match="'discriminator'"):
        model.train_step(raw_batch(make_sample), only_seg)


def test_counters_are_saved_and_loaded(build):
    model = build()
    model.generator_updates += 3
    model.discriminator_updates += 5
    state = model.state_dict()
    assert state['generator_updates'].item() == 3
    fresh = build()
    fresh.load_state_dict(state)
    assert (int(fresh.generator_updates),
            int(fresh.discriminator_updates)) == (3, 5)


def test_a_method_must_supply_both_steps(tiny_seg_cfg):
    from mmseg_semi.models import AdversarialBaseSegmentor

    class OnlyGenerator(AdversarialBaseSegmentor):
        generator_side = ('student', )
        discriminator_side = ('teacher', )

        def generator_step(self, inputs, data_samples):
            return {}, {}

    with pytest.raises(TypeError, match='discriminator_step'):
        OnlyGenerator(segmentor=tiny_seg_cfg())
