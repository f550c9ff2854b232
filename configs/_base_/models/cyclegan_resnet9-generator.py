# CycleGAN for semi-supervised segmentation, the reference's paper-era
# networks (reference/wseg_cyclegan.md B3-B4): the segmentation generator
# G_IS is the 9-block ResNet generator (64 base channels, instance norm,
# dropout 0.5 in the blocks, N(0, 0.02) init) as an MMSeg EncoderDecoder
# (ResnetGeneratorBackbone + ResnetGeneratorHead, whose 7x7 conv gives the
# logits); G_SI the same generator from class maps to images with tanh;
# D_I and D_S 1x1-conv PixelDiscriminators (64 base channels, LSGAN).
# Images are normalised to [-1, 1] (mean = std = 127.5), as the reference.
# Losses (the paper-era defaults of CycleGANSegmentor): supervised CE +
# L2 image term (1), mask cycle CE 0.05, image cycle L1 1, adversarial 0.5;
# D_S sees probabilities (set mask_input='index_map' for the reference's
# argmax input, whose adversarial term trains nothing); history pools of 50
# batches (p 0.5).
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[127.5, 127.5, 127.5],
    std=[127.5, 127.5, 127.5],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255)
model = dict(
    type='CycleGANSegmentor',
    segmentor=dict(
        type='EncoderDecoder',
        data_preprocessor=data_preprocessor,
        pretrained=None,
        backbone=dict(
            type='ResnetGeneratorBackbone',
            in_channels=3,
            base_channels=64,
            num_blocks=9,
            dropout=0.5),
        decode_head=dict(
            type='ResnetGeneratorHead',
            in_channels=64,
            channels=64,
            kernel_size=7,
            num_classes=21,
            align_corners=False,
            loss_decode=dict(
                type='CrossEntropyLoss',
                use_sigmoid=False,
                loss_weight=1.0,
                avg_non_ignore=True)),
        train_cfg=dict(),
        test_cfg=dict(mode='whole')),
    generator=dict(
        type='ResnetGenerator', base_channels=64, num_blocks=9, dropout=0.5),
    image_discriminator=dict(type='PixelDiscriminator', base_channels=64),
    mask_discriminator=dict(type='PixelDiscriminator', base_channels=64),
    semi_train_cfg=dict(
        sup_image_weight=1.0,
        mask_cycle_weight=0.05,
        image_cycle_weight=1.0,
        adversarial_weight=0.5,
        mask_input='probabilities',
        pool_size=50,
        pool_prob=0.5),
    data_preprocessor=None)
