# CycleGAN's optimizer (reference/wseg_cyclegan.md B3): Adam, lr 2e-4,
# betas (0.5, 0.999), no weight decay, one per sub-model (the reference's G
# optimizer covers G_IS and G_SI, its D optimizer D_I and D_S; Adam is per
# parameter, so one optimizer per sub-model makes the same update).
cyclegan_submodels = ('segmentor', 'generator', 'image_discriminator',
                      'mask_discriminator')
cyclegan_adam = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999), weight_decay=0))
