# CycleGAN's networks and losses sized for 2 CPU cores, for a child that
# builds model=dict(type='CycleGANSegmentor', segmentor=...,
# **cyclegan_cpu_parts): the reference's losses and weights (CE + L2 image
# 1, mask cycle 0.05, image cycle 1, adversarial 0.5), D_S on
# probabilities, history pools of 50 batches (class probabilities stored
# as float16), and the reference's networks narrowed for the CPU: G_SI the
# ResNet generator with 16 base channels and 3 blocks (the reference: 64 and
# 9; 1.4 instead of 30.0 GMAC per 192x192 forward pass), D_I and D_S the
# 1x1-conv pixel discriminators with 16 base channels (the reference: 64).
# The discriminators run at full resolution, three times each an iteration,
# and are memory-bound: in the VOC-subset benchmark config a training step
# takes 10.3 s on 2 cores with 64 channels and 2.9 s with 16
# (tools/analysis_tools/benchmark_train_step.py; docs/benchmarks.md,
# "CycleGAN's cost").
cyclegan_cpu_parts = dict(
    generator=dict(
        type='ResnetGenerator', base_channels=16, num_blocks=3, dropout=0.5),
    image_discriminator=dict(type='PixelDiscriminator', base_channels=16),
    mask_discriminator=dict(type='PixelDiscriminator', base_channels=16),
    semi_train_cfg=dict(
        sup_image_weight=1.0,
        mask_cycle_weight=0.05,
        image_cycle_weight=1.0,
        adversarial_weight=0.5,
        mask_input='probabilities',
        pool_size=50,
        pool_prob=0.5,
        mask_pool_dtype='float16'))
