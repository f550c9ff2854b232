# s4GAN on CamVid 1/8 (46 labelled + 321 unlabelled frames), CPU-sized: the
# model, schedule and labelled batch of the supervised baseline
# ../supervised/deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py, plus 4
# unlabelled frames and 4 labelled frames of the discriminator's own stream
# per batch (the official 8 + 8 + 8 in equal shares). lambda_fm 0.1,
# lambda_st 1.0; gamma 0.7, the official street-scene (Cityscapes) value;
# the discriminator's Adam at the VOC lr 1e-4 (the Cityscapes 1e-5 is set
# for 40k iterations, it would barely move in 2k), poly on both.
_base_ = [
    '../_base_/models/deeplabv3plus_r18-lite.py',
    '../_base_/datasets/s4gan_camvid.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_camvid_cpu.py'
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
    discriminator=_base_.s4gan_disc_param_scheduler)

train_dataloader = dict(
    batch_size=12, sampler=dict(batch_size=12, source_ratio=[4, 4, 4]))
