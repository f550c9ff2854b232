# MLMT's multi-label mean teacher on the quality benchmark's ImageNet
# EfficientNet-Lite0 (output stride 32, the 320 channels of its last stage
# pooled; the official ResNet-101 pools 2048), both copies built from
# `classifier`. The EMA is MeanTeacherHook with MLMT's decay
# min(1 - 1/(k+1), 0.999) for its k-th update (k = 1, 2, ...) on parameters
# only; the teacher's BN runs in
# train mode and keeps its own statistics (teacher_bn='train', as the
# official code). The consistency ramp is set by the schedule's config in
# iterations (10 and 50 epochs of the labelled loader).
classifier = dict(
    type='MultiLabelClassifier',
    data_preprocessor=dict(
        type='SegDataPreProcessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        size_divisor=32,  # images are resized to a square multiple of 32
        pad_val=0,
        seg_pad_val=255),
    backbone=dict(
        type='EfficientNetLite',
        arch='lite0',
        out_indices=(3, ),
        norm_cfg=dict(type='BN', eps=1e-3, requires_grad=True),
        init_cfg=dict(
            type='Pretrained',
            checkpoint='mmseg_semi://efficientnet-lite0')),
    num_classes=21,
    in_channels=320)
model = dict(
    type='MLMTClassifier',
    classifier=classifier,
    semi_train_cfg=dict(unsup_weight=1.0, teacher_bn='train'),
    semi_test_cfg=dict(predict_on='teacher'))
custom_hooks = [
    dict(
        type='MeanTeacherHook',
        momentum=0.001,
        warmup=True,
        warmup_offset=1,  # the official step counter: first decay 1/2
        buffers='none')
]
