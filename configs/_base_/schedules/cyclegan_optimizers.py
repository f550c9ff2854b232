# CycleGAN's optimizer and schedule (reference/wseg_cyclegan.md B3): Adam,
# lr 2e-4,
# betas (0.5, 0.999), no weight decay, one per sub-model (the reference's G
# optimizer covers G_IS and G_SI, its D optimizer D_I and D_S; Adam is per
# parameter, so one optimizer per sub-model makes the same update); the lr
# constant for the first quarter of training (100 of 400 epochs), then
# linear to 0 at the last iteration (the Runner sets `end` to max_iters).
cyclegan_submodels = ('segmentor', 'generator', 'image_discriminator',
                      'mask_discriminator')
cyclegan_adam = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999), weight_decay=0))
cyclegan_lr_schedule = [
    dict(
        type='ConstantThenLinearLR',
        decay_begin_ratio=0.25,
        end_factor=0.0,
        by_epoch=False)
]
# G_SI's, D_I's and D_S's alone, for a config whose segmentor keeps the
# optimizer and schedule of its supervised baseline (the CPU configs):
#   optim_wrapper = dict(segmentor=..., **cyclegan_gan_optim_wrappers)
cyclegan_gan_optim_wrappers = {
    name: cyclegan_adam
    for name in cyclegan_submodels[1:]
}
cyclegan_gan_lr_schedules = {
    name: cyclegan_lr_schedule
    for name in cyclegan_submodels[1:]
}
# The reference's supervised baseline (`supervised_model`): G_IS alone,
# Adam 2e-4 with betas (0.9, 0.999), no lr schedule
# (configs/supervised/resnet9-generator_*.py).
cyclegan_supervised_optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=2e-4, betas=(0.9, 0.999), weight_decay=0))
