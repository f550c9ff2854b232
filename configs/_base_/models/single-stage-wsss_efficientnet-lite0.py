# Single-stage WSSS (Araslanov & Roth, CVPR 2020) on the quality
# benchmark's ImageNet EfficientNet-Lite0 and data preprocessing (those of
# deeplabv3plus_efficientnet-lite0.py; output stride 16, as the
# reference's ResNets): SingleStageWSSSHead on the stride-4 (24 channels)
# and deepest (320 channels) features, 64 channels (the benchmark's
# DeepLabV3+ width) and a 24-channel skip. ASPP dilations 1/6/12/18 (the
# benchmark DeepLabV3+'s): on the 12x12 map of a 192x192 input the 12 and
# 18 branches see only their centre tap (1x1), as the reference's 24 and
# 36 do on its 28x28 map. Stochastic gate psi 0.3, background logit 1, nGWP eps
# 1, size-focal p 3 / lambda 0.01, PAMR 10 iterations at dilations
# 1-24, pseudo-label thresholds 0.6 / 0.7 / 0.2, mask-loss weight 1; the
# schedule's config sets the warm-up (mask_loss_begin_iter). Test time:
# background^3 and classes with sigmoid score <= 0.1 removed (the
# reference's WideResNet-38 setting, which reads no ground truth).
_base_ = ['./deeplabv3plus_efficientnet-lite0.py']  # encoder, preprocessing
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    type='SingleStageWSSS',
    decode_head=dict(
        _delete_=True,
        type='SingleStageWSSSHead',
        in_channels=[24, 320],
        in_index=(0, 3),
        channels=64,
        c1_in_channels=24,
        c1_channels=24,
        aspp_dilations=(1, 6, 12, 18),
        psi=0.3,
        background_logit=1.0,
        ngwp_eps=1.0,
        size_focal=dict(type='SizeFocalLoss', gamma=3.0, size_eps=0.01),
        num_classes=21,
        norm_cfg=norm_cfg,
        align_corners=False),
    train_cfg=dict(
        mask_loss_weight=1.0,
        mask_loss_begin_iter=0,
        pamr=dict(num_iter=10, dilations=(1, 2, 4, 8, 12, 24)),
        fg_ratio=0.6,
        bg_ratio=0.7,
        floor=0.2),
    test_cfg=dict(mode='whole', bg_power=3.0, score_threshold=0.1))
