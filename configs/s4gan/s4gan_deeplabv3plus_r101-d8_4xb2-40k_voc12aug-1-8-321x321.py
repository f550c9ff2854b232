# s4GAN, VOC-aug 12.5 % (1-8: 1323 of the 10582 train-aug images labelled),
# DeepLabV3+ R101-D8 (see ../_base_/models/s4gan_deeplabv3plus_r101-d8.py
# for why not DeepLabv2), 321x321 crops, 4 GPUs x (2 labelled + 2
# unlabelled + 2 labelled images of the discriminator's own stream) = the
# official 8 + 8 + 8, 40k iterations. Segmentor: the official SGD lr 2.5e-4
# (decode head x10), momentum 0.9, weight decay 5e-4, poly 0.9;
# discriminator: Adam lr 1e-4, betas (0.9, 0.99), poly 0.9. A checkpoint
# every 10k iterations keeps the 30k one the official README evaluates.
# Augmentation: MMSeg's random resize (0.5-2), crop and flip (the official
# README leaves its scale and mirror flags off). Split lists:
#   python tools/misc/split_dataset.py voc12aug data/VOCdevkit/VOC2012 \
#       --fraction 0.02 0.05 0.125 --seed 0
_base_ = [
    '../_base_/models/s4gan_deeplabv3plus_r101-d8.py',
    '../_base_/datasets/semi_voc12aug.py',
    '../_base_/datasets/s4gan_views.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/iter_based_runtime.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

crop_size = (321, 321)
crop = dict(_base_.crop, crop_size=crop_size)
model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=crop_size),
        decode_head=dict(num_classes=21)))

optim_wrapper = dict(
    constructor='MultiOptimWrapperConstructor',
    segmentor=dict(
        type='OptimWrapper',
        optimizer=dict(
            type='SGD', lr=2.5e-4, momentum=0.9, weight_decay=5e-4),
        paramwise_cfg=dict(custom_keys={'decode_head': dict(lr_mult=10.0)})),
    discriminator=_base_.s4gan_disc_optim_wrapper)
param_scheduler = dict(
    segmentor=[
        dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, by_epoch=False)
    ],
    discriminator=_base_.s4gan_disc_param_scheduler)
train_cfg = dict(max_iters=40000, val_interval=10000)
default_hooks = dict(checkpoint=dict(interval=10000, max_keep_ckpts=2))

labeled_pipeline_head = [*_base_.load_labeled, _base_.resize, crop,
                         _base_.flip]
labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[*labeled_pipeline_head, _base_.s4gan_sup_views])
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[
        *_base_.load_unlabeled, _base_.resize,
        dict(crop, cat_max_ratio=1.0), _base_.flip, _base_.s4gan_unsup_views
    ])
disc_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[*labeled_pipeline_head, _base_.s4gan_disc_views])
train_dataloader = dict(
    batch_size=6,
    sampler=dict(batch_size=6, source_ratio=[2, 2, 2]),
    dataset=dict(
        split='1-8',
        datasets=[labeled_dataset, unlabeled_dataset, disc_dataset]))
