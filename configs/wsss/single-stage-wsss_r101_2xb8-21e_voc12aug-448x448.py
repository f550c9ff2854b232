# Single-stage WSSS, VOC-aug from image tags, the reference's ResNet-101
# setting (reference/wseg_cyclegan.md A2-A3): torchvision-layout ResNet-101
# (MMSeg's ResNet, weights from torchvision://resnet101, which needs
# torchvision when they are loaded), layer4 with stride 1 and no dilation
# (output stride 16), stem frozen, every backbone BN frozen; ASPP 1x1 and
# 12/24/36 with fixed-statistics BN; 256 channels, 48-channel skip from
# layer1. SGD lr 1e-3 (head x10), momentum 0.9, weight decay 5e-4 (none on
# any bias, the head's included), constant learning rate; 2 GPUs x 8
# images, 21 epochs of the 10582 images (661 iterations each with
# drop_last) = 13881 iterations, the mask loss from epoch 5 (iteration
# 3305). Test: background^3 and the ground-truth tags gate the classes (the
# reference's USE_GT_LABELS for ResNets; set test_cfg=dict(
# use_image_labels=False, score_threshold=0.3) to read no ground truth),
# single scale.
_base_ = [
    '../_base_/models/single-stage-wsss_efficientnet-lite0.py',
    '../_base_/datasets/wsss_voc12aug.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/iter_based_runtime.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

iters_per_epoch = 661  # 10582 // 16
model = dict(
    data_preprocessor=dict(size=_base_.crop_size),
    backbone=dict(
        _delete_=True,
        type='ResNet',
        depth=101,
        strides=(1, 2, 2, 1),
        dilations=(1, 1, 1, 1),
        out_indices=(0, 1, 2, 3),
        frozen_stages=0,
        norm_cfg=dict(type='BN', requires_grad=False),
        norm_eval=True,
        style='pytorch',
        init_cfg=dict(
            type='Pretrained', checkpoint='torchvision://resnet101')),
    decode_head=dict(
        in_channels=[256, 2048],
        channels=256,
        c1_in_channels=256,
        c1_channels=48,
        aspp_dilations=(1, 12, 24, 36)),
    train_cfg=dict(mask_loss_begin_iter=5 * iters_per_epoch),
    test_cfg=dict(
        _delete_=True, mode='whole', bg_power=3.0, use_image_labels=True))
# the reference's four groups for ResNets: pretrained weights / biases x1,
# new (head) weights / biases x10; no weight decay on any bias
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=5e-4),
    constructor='PretrainedNewOptimWrapperConstructor',
    paramwise_cfg=dict(
        new_modules=('decode_head', ),
        lr_mult=dict(
            pretrained_weight=1.0,
            pretrained_bias=1.0,
            new_weight=10.0,
            new_bias=10.0),
        bias_decay_mult=0.0))
param_scheduler = []  # constant learning rate
train_cfg = dict(max_iters=21 * iters_per_epoch,
                 val_interval=2 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=2 * iters_per_epoch, max_keep_ckpts=2))
