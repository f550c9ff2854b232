# s4GAN in the CamVid 1/8 setting (46 labelled + 321 unlabelled frames):
# the supervised CamVid 1/8 model (11 classes), data (176x224 crops of
# 240x180 frames), schedule and labelled batch of 8, plus 8 unlabelled and
# 8 real frames per batch; the VOC-subset s4GAN's settings, but gamma 0.7
# (the official street-scene value; the official Cityscapes discriminator
# lr 1e-5 is meant for 40k iterations, the VOC 1e-4 is kept for 3k).
_base_ = [
    '../_base_/models/deeplabv3plus_efficientnet-lite0.py',
    '../_base_/datasets/s4gan_camvid.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_benchmark_adamw_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

segmentor = _base_.model
segmentor.data_preprocessor.size = _base_.crop_size
segmentor.decode_head.num_classes = 11
model = dict(
    _delete_=True,
    type='S4GANSegmentor',
    segmentor=segmentor,
    discriminator=dict(type='S4GANDiscriminator'),
    fm_loss=dict(type='FeatureMatchingLoss', loss_weight=0.1),
    semi_train_cfg=dict(st_threshold=0.7, st_weight=1.0),
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
