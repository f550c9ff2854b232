"""SingleStageWSSS: the head's outputs, a loss that reads the tags and
never the masks, the warm-up, gradients, and MMSeg's predict path."""
import copy

import pytest
import torch
from mmengine.config import ConfigDict

from mmseg.models.segmentors import EncoderDecoder
from mmseg.registry import MODELS
from mmengine.structures import PixelData

from mmseg.structures import SegDataSample

NUM_CLASSES = 4  # background + 3


def tiny_wsss_cfg(**train_cfg):
    return ConfigDict(
        type='SingleStageWSSS',
        data_preprocessor=dict(
            type='SegDataPreProcessor', mean=[123.675, 116.28, 103.53],
            std=[58.395, 57.12, 57.375], bgr_to_rgb=True, size=(32, 32)),
        backbone=dict(
            type='ResNetV1c', depth=18, base_channels=8, stem_channels=8,
            out_indices=(0, 1, 2, 3),
            norm_cfg=dict(type='BN', requires_grad=True)),
        decode_head=dict(
            type='SingleStageWSSSHead', in_channels=[8, 64],
            in_index=(0, 3), channels=16, c1_in_channels=8, c1_channels=8,
            aspp_dilations=(1, 2, 3, 4), num_classes=NUM_CLASSES,
            norm_cfg=dict(type='BN', requires_grad=True),
            align_corners=False),
        train_cfg=dict(train_cfg, pamr=dict(num_iter=2, dilations=(1, 2))),
        test_cfg=dict(mode='whole', bg_power=3.0))


def wsss_batch(masks_value=None):
    torch.manual_seed(1)
    inputs = torch.randn(2, 3, 32, 32) * 50
    samples = []
    for tags in ([1, 3], [2]):
        gt = torch.randint(0, NUM_CLASSES, (1, 32, 32)) \
            if masks_value is None else torch.full((1, 32, 32), masks_value)
        sample = SegDataSample(metainfo=dict(
            gt_label=torch.tensor(tags), img_shape=(32, 32),
            pad_shape=(32, 32), ori_shape=(32, 32)))
        sample.gt_sem_seg = PixelData(data=gt)
        samples.append(sample)
    return inputs, samples


def test_head_outputs_a_constant_background_at_stride_4():
    model = MODELS.build(tiny_wsss_cfg())
    assert isinstance(model, EncoderDecoder)
    logits = model.decode_head(model.extract_feat(torch.randn(2, 3, 32, 32)))
    assert logits.shape == (2, NUM_CLASSES, 8, 8)
    assert torch.equal(logits[:, 0], torch.ones_like(logits[:, 0]))
    scores = model.decode_head.class_scores(logits, logits.softmax(1))
    assert scores.shape == (2, NUM_CLASSES - 1)


def test_aspp_bn_keeps_fixed_statistics_in_training():
    model = MODELS.build(tiny_wsss_cfg()).train()
    head = model.decode_head
    assert not head.aspp[0].bn.training
    assert head.fuse.bn.training  # the decoder's BN trains


def test_loss_does_not_read_the_masks(message_hub_iter):
    message_hub_iter(10)
    model = MODELS.build(tiny_wsss_cfg()).train()
    losses = []
    for value in (None, 0, 2):  # random, all background, all class 2
        inputs, samples = wsss_batch(value)
        torch.manual_seed(0)  # the same gate and dropout draws
        losses.append({k: v.item() for k, v in
                       model.loss(inputs, samples).items()})
    assert losses[0] == losses[1] == losses[2]


def test_loss_keys_and_classification_value(message_hub_iter):
    message_hub_iter(10)
    model = MODELS.build(tiny_wsss_cfg()).train()
    inputs, samples = wsss_batch()
    torch.manual_seed(0)
    losses = model.loss(inputs, samples)
    assert set(losses) == {'loss_cls', 'loss_mask', 'mask_ce'}
    assert losses['loss_mask'].item() == pytest.approx(
        losses['mask_ce'].item())
    # loss_cls is the multi-label soft margin of the scores vs the tags
    torch.manual_seed(0)
    logits = model.decode_head(model.extract_feat(inputs))
    scores = model.decode_head.class_scores(logits, logits.softmax(1))
    tags = torch.tensor([[1., 0., 1.], [0., 1., 0.]])
    expected = -(tags * torch.nn.functional.logsigmoid(scores) +
                 (1 - tags) * torch.nn.functional.logsigmoid(-scores)).mean()
    assert losses['loss_cls'].item() == pytest.approx(expected.item(),
                                                      rel=1e-5)


def test_mask_loss_is_off_during_the_warm_up(message_hub_iter):
    model = MODELS.build(tiny_wsss_cfg(mask_loss_begin_iter=5)).train()
    message_hub_iter(4)
    losses = model.loss(*wsss_batch())
    assert losses['loss_mask'].item() == 0.0
    message_hub_iter(5)
    losses = model.loss(*wsss_batch())
    assert losses['loss_mask'].item() == pytest.approx(
        losses['mask_ce'].item())


def test_classification_gradient_reaches_the_backbone(message_hub_iter):
    message_hub_iter(0)
    model = MODELS.build(tiny_wsss_cfg()).train()
    model.loss(*wsss_batch())['loss_cls'].backward()
    grad = model.backbone.stem[0].weight.grad
    assert grad is not None and grad.abs().sum() > 0


def test_pseudo_labels_hold_only_tagged_classes():
    model = MODELS.build(tiny_wsss_cfg()).eval()
    inputs, _ = wsss_batch()
    masks = torch.rand(2, NUM_CLASSES, 8, 8).softmax(1)
    tags = torch.tensor([[1., 0., 1.], [0., 1., 0.]])
    pseudo = model.pseudo_labels(inputs, masks, tags)
    assert pseudo.shape == (2, 32, 32)
    assert set(pseudo[0].unique().tolist()) <= {0, 1, 3, 255}
    assert set(pseudo[1].unique().tolist()) <= {0, 2, 255}


def test_predict_applies_bg_power_and_score_gating():
    model = MODELS.build(tiny_wsss_cfg()).eval()
    inputs, samples = wsss_batch()
    feats = model.extract_feat(inputs)
    metas = [s.metainfo for s in samples]
    with torch.no_grad():
        logits = model.decode_head(feats)
        log_masks = model.decode_head.predict(feats, metas,
                                              dict(bg_power=3.0))
        masks = torch.nn.functional.interpolate(
            logits.softmax(1), size=(32, 32), mode='bilinear')
    assert torch.allclose(log_masks[:, 0].exp(), masks[:, 0]**3, atol=1e-5)
    assert torch.allclose(log_masks[:, 1:].exp(), masks[:, 1:], atol=1e-5)
    with torch.no_grad():
        gated = model.decode_head.predict(
            feats, metas, dict(score_threshold=1.1))  # no class passes
    assert (gated[:, 1:] <= torch.tensor(1e-12).log() + 1e-3).all()
    out = model.predict(inputs, copy.deepcopy(samples))
    assert out[0].pred_sem_seg.shape == (32, 32)


def test_head_refuses_a_loss_of_its_own():
    model = MODELS.build(tiny_wsss_cfg())
    with pytest.raises(TypeError, match='SingleStageWSSS'):
        model.decode_head.loss(None, None, None)


def test_predict_gates_with_image_tags():
    model = MODELS.build(tiny_wsss_cfg()).eval()
    inputs, samples = wsss_batch()
    feats = model.extract_feat(inputs)
    metas = [s.metainfo for s in samples]  # tags [1, 3] and [2]
    with torch.no_grad():
        out = model.decode_head.predict(feats, metas,
                                        dict(use_image_labels=True))
    floor = torch.tensor(1e-12).log() + 1e-3
    assert (out[0, 2] <= floor).all() and (out[0, 1] > floor).any()
    assert (out[1, 1] <= floor).all() and (out[1, 3] <= floor).all()
    assert (out[:, 0] > floor).any()  # background always kept
    with pytest.raises(ValueError, match='not both'):
        model.decode_head.predict(
            feats, metas, dict(use_image_labels=True, score_threshold=0.1))


def test_predict_can_leave_out_the_constant_channel():
    """Datasets without a background class: every pixel gets a class."""
    model = MODELS.build(tiny_wsss_cfg()).eval()
    inputs, samples = wsss_batch()
    with torch.no_grad():
        out = model.decode_head.predict(
            model.extract_feat(inputs), [s.metainfo for s in samples],
            dict(bg_power=3.0, predict_background=False))
    assert (out.argmax(1) > 0).all()


def _predict_from_logits(logits, test_cfg):
    """The head's test-time output for given (N, C, 8, 8) logits."""
    model = MODELS.build(tiny_wsss_cfg()).eval()
    head = model.decode_head
    head.forward = lambda inputs: logits
    metas = [dict(img_shape=(32, 32), pad_shape=(32, 32))] * len(logits)
    with torch.no_grad():
        return head.predict(None, metas, test_cfg)


def _per_image_logits(background, winners, low=0.0, high=1.0):
    """Spatially constant logits: channel 0 ``background``, every
    foreground class ``low`` except image i's ``winners[i]`` (``high``)."""
    logits = torch.full((len(winners), NUM_CLASSES, 8, 8), low)
    logits[:, 0] = background
    for row, winner in enumerate(winners):
        logits[row, winner] = high
    return logits


def test_without_background_the_foreground_argmax_survives_underflow():
    """Where the constant background takes nearly all of the softmax (fg
    masks below the 1e-12 floor), a dataset without background still gets
    each pixel's foreground argmax, never the constant channel (one pixel
    of it would enter an IoU of 0 into CamVid's mean)."""
    out = _predict_from_logits(_per_image_logits(60.0, [3, 2]),
                               dict(bg_power=3.0, predict_background=False))
    assert (out[0].argmax(0) == 3).all() and (out[1].argmax(0) == 2).all()
    # with a background class the same logits are background everywhere
    out = _predict_from_logits(_per_image_logits(60.0, [3, 2]),
                               dict(bg_power=3.0))
    assert (out.argmax(1) == 0).all()


def test_without_background_an_image_with_every_class_gated_is_kept():
    """score_threshold removes every foreground class of image 0 (all its
    scores are low): without a background class it keeps them all and
    gets its argmax; image 1 keeps only its class above the threshold."""
    logits = _per_image_logits(0.0, [3, 2], low=-12.0, high=-10.0)
    logits[1, 2] = 8.0
    test_cfg = dict(bg_power=3.0, score_threshold=0.1,
                    predict_background=False)
    model = MODELS.build(tiny_wsss_cfg()).eval()
    scores = torch.sigmoid(model.decode_head.class_scores(
        logits, logits.softmax(1)))
    assert (scores[0] <= 0.1).all() and (scores[1] > 0.1).tolist() == [
        False, True, False]
    out = _predict_from_logits(logits, test_cfg)
    assert (out[0].argmax(0) == 3).all() and (out[1].argmax(0) == 2).all()
    floor = torch.tensor(1e-12).log() + 1e-3
    assert (out[1, [1, 3]] <= floor).all()  # gated classes of image 1


def test_head_dropout_is_element_wise():
    """The reference's ASPP and classifier use nn.Dropout (0.5, 0.5, 0.1),
    not channel dropout."""
    head = MODELS.build(tiny_wsss_cfg()).decode_head
    drops = [m for m in head.modules() if isinstance(m, torch.nn.Dropout)]
    assert [d.p for d in drops] == [0.5, 0.5, 0.1]
    assert not any(isinstance(m, torch.nn.Dropout2d) for m in head.modules())
