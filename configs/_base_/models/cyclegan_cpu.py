# CycleGAN's networks and losses sized for 2 CPU cores, for a child that
# builds model=dict(type='CycleGANSegmentor', segmentor=...,
# **cyclegan_cpu_parts): the reference's losses and weights (CE + L2 image
# 1, mask cycle 0.05, image cycle 1, adversarial 0.5), D_S on
# probabilities, history pools of 50 batches (class probabilities stored
# as float16), 1x1-conv pixel discriminators (64 base channels), and G_SI
# the reference's ResNet generator with 16 base channels and 3 blocks (the
# reference: 64 and 9): 1.4 instead of 30.0 GMAC per 192x192 forward pass.
cyclegan_cpu_parts = dict(
    generator=dict(
        type='ResnetGenerator', base_channels=16, num_blocks=3, dropout=0.5),
    image_discriminator=dict(type='PixelDiscriminator', base_channels=64),
    mask_discriminator=dict(type='PixelDiscriminator', base_channels=64),
    semi_train_cfg=dict(
        sup_image_weight=1.0,
        mask_cycle_weight=0.05,
        image_cycle_weight=1.0,
        adversarial_weight=0.5,
        mask_input='probabilities',
        pool_size=50,
        pool_prob=0.5,
        mask_pool_dtype='float16'))
