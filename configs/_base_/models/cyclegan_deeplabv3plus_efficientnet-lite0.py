# CycleGAN in the quality benchmark: the benchmark's DeepLabV3+ on the
# ImageNet EfficientNet-Lite0 as G_IS, with the benchmark's schedule
# (AdamW, now the segmentor's optimizer); cyclegan_cpu.py's G_SI,
# discriminators, losses and pools; G_SI, D_I, D_S with the reference's
# Adam 2e-4 (0.5, 0.999), constant for the first quarter of the 3000
# iterations and then linear to 0. A dataset config sets the segmentor's
# data_preprocessor.size (its crop) and, for other than 21 classes,
# decode_head.num_classes.
_base_ = [
    './deeplabv3plus_efficientnet-lite0.py', './cyclegan_cpu.py',
    '../schedules/schedule_benchmark_adamw_cpu.py',
    '../schedules/cyclegan_optimizers.py'
]
segmentor = _base_.model
model = dict(
    _delete_=True,
    type='CycleGANSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    **_base_.cyclegan_cpu_parts)
optim_wrapper = dict(
    _delete_=True,
    constructor='MultiOptimWrapperConstructor',
    segmentor=_base_.optim_wrapper,
    **_base_.cyclegan_gan_optim_wrappers)
param_scheduler = dict(
    _delete_=True,
    segmentor=_base_.param_scheduler,
    **_base_.cyclegan_gan_lr_schedules)
