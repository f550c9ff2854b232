# s4GAN, Cityscapes 1/8 (372 of the 2975 fine train images labelled),
# DeepLabV3+ R101-D8 (../_base_/models/s4gan_deeplabv3plus_r101-d8.py),
# the official Cityscapes protocol: images at half resolution (1024x512),
# 256x512 crops and flips, 4 GPUs x (2 labelled + 2 unlabelled + 2 real) =
# the official 8 + 8 + 8, 40k iterations, gamma 0.7, discriminator Adam lr
# 1e-5 (betas (0.9, 0.99)), segmentor SGD lr 2.5e-4 (head x10), poly on
# both. Validation feeds half-resolution images and, as MMSeg does, scores
# the prediction resized to the full-resolution labels (the official code
# downsamples the labels instead). Split lists:
#   python tools/misc/split_dataset.py cityscapes data/cityscapes \
#       --fraction 0.125 --seed 0
_base_ = [
    '../_base_/models/s4gan_deeplabv3plus_r101-d8.py',
    '../_base_/datasets/semi_cityscapes.py',
    '../_base_/datasets/s4gan_views.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/iter_based_runtime.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

crop_size = (256, 512)
image_scale = (1024, 512)
resize = dict(type='Resize', scale=image_scale, keep_ratio=True)
crop = dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75)
model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=crop_size),
        decode_head=dict(num_classes=19)),
    semi_train_cfg=dict(st_threshold=0.7))

optim_wrapper = dict(
    constructor='MultiOptimWrapperConstructor',
    segmentor=dict(
        type='OptimWrapper',
        optimizer=dict(
            type='SGD', lr=2.5e-4, momentum=0.9, weight_decay=5e-4),
        paramwise_cfg=dict(custom_keys={'decode_head': dict(lr_mult=10.0)})),
    discriminator=dict(
        _base_.s4gan_disc_optim_wrapper,
        optimizer=dict(type='Adam', lr=1e-5, betas=(0.9, 0.99),
                       weight_decay=0)))
param_scheduler = dict(
    segmentor=[
        dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, by_epoch=False)
    ],
    discriminator=_base_.s4gan_disc_param_scheduler)
train_cfg = dict(max_iters=40000, val_interval=10000)
default_hooks = dict(checkpoint=dict(interval=10000, max_keep_ckpts=2))

labeled_pipeline_head = [*_base_.load_labeled, resize, crop, _base_.flip]
labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[*labeled_pipeline_head, _base_.s4gan_sup_views])
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[
        *_base_.load_unlabeled, resize,
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
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=image_scale, keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
