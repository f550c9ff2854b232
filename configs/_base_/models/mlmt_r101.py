# MLMT with the official classifier: an ImageNet ResNet-101 in
# torchvision's layout (MMSeg's ResNet with the 7x7 stem, weights from
# torchvision://resnet101, which needs torchvision when the weights are
# loaded) pooled to 2048 channels, a 2048 -> 21 linear layer, sigmoid
# outputs. EMA, teacher BN mode and data preprocessing as
# mlmt_efficientnet-lite0.py.
_base_ = ['./mlmt_efficientnet-lite0.py']
model = dict(
    classifier=dict(
        backbone=dict(
            _delete_=True,
            type='ResNet',
            depth=101,
            out_indices=(3, ),
            style='pytorch',
            norm_cfg=dict(type='BN', requires_grad=True),
            init_cfg=dict(
                type='Pretrained', checkpoint='torchvision://resnet101')),
        in_channels=2048))
