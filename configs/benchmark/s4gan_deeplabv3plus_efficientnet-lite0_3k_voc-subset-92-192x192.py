# s4GAN in the quality benchmark (VOC subset, 92 labelled + 1372
# unlabelled): the supervised-92 model, schedule (AdamW, now the segmentor's
# optimizer) and labelled batch of 8, plus 8 unlabelled images and 8
# labelled images of the discriminator's own stream per batch (the official
# 8 + 8 + 8). The official VOC settings: lambda_fm 0.1, lambda_st 1.0,
# gamma 0.6, discriminator Adam lr 1e-4 with betas (0.9, 0.99) and poly
# 0.9 (a 100-iteration warm-up like the segmentor's).
_base_ = [
    '../_base_/models/deeplabv3plus_efficientnet-lite0.py',
    '../_base_/datasets/s4gan_voc_subset.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_benchmark_adamw_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

segmentor = _base_.model
segmentor.data_preprocessor.size = _base_.crop_size
model = dict(
    _delete_=True,
    type='S4GANSegmentor',
    segmentor=segmentor,
    discriminator=dict(type='S4GANDiscriminator'),
    fm_loss=dict(type='FeatureMatchingLoss', loss_weight=0.1),
    semi_train_cfg=dict(st_threshold=0.6, st_weight=1.0),
    data_preprocessor=None)
optim_wrapper = dict(
    _delete_=True,
    constructor='MultiOptimWrapperConstructor',
    segmentor=_base_.optim_wrapper,
    discriminator=_base_.s4gan_disc_optim_wrapper)
param_scheduler = dict(
    _delete_=True,
    segmentor=_base_.param_scheduler,
    discriminator=_base_.param_scheduler)

train_dataloader = dict(
    batch_size=24, sampler=dict(batch_size=24, source_ratio=[8, 8, 8]))
