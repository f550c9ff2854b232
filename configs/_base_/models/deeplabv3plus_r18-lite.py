# A CPU-sized DeepLabV3+ trained from scratch: MMSeg's DeepLabV3+ recipe
# with a ResNet-18 (V1c) at half width, output stride 16 and a 64-channel
# head (3.1 M parameters). Inherits MMSeg's own model config.
_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']

norm_cfg = dict(type='BN', requires_grad=True)  # SyncBN needs GPUs
model = dict(
    pretrained=None,
    backbone=dict(
        depth=18,
        base_channels=32,
        stem_channels=32,
        strides=(1, 2, 2, 1),
        dilations=(1, 1, 1, 2),
        norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=256,
        channels=64,
        dilations=(1, 6, 12, 18),
        c1_in_channels=32,
        c1_channels=16,
        num_classes=11,
        norm_cfg=norm_cfg,
        # mean over labelled pixels, as torch's CrossEntropyLoss
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0,
            avg_non_ignore=True)),
    auxiliary_head=None)
