# s4GAN on MMSeg's DeepLabV3+ R101-D8 (ImageNet ResNet-101 V1c), without
# the auxiliary FCN head (the official segmentor has one loss). The official
# code uses DeepLabv2 (caffe ResNet-101, summed dilated 3x3 classifiers);
# MMSeg has no DeepLabv2 head, and DeepLabV3+ is what this package's other
# methods and MMSeg's zoo train, so the rows compare under one model (users
# report s4GAN + MLMT at 68.5 on VOC 1/8 with DeepLabV3+ R101,
# sud0301/semisup-semseg#10). The discriminator and the loss weights are the
# official ones: lambda_fm 0.1, lambda_st 1.0, gamma 0.6 (VOC).
# data_preprocessor=None: a MultiBranchSegDataPreProcessor wrapping the
# segmentor's own is built.
_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']

segmentor = dict(
    _base_.model,
    pretrained='open-mmlab://resnet101_v1c',
    backbone=dict(_base_.model.backbone, depth=101),
    auxiliary_head=None)
model = dict(
    _delete_=True,
    type='S4GANSegmentor',
    segmentor=segmentor,
    discriminator=dict(type='S4GANDiscriminator'),
    fm_loss=dict(type='FeatureMatchingLoss', loss_weight=0.1),
    semi_train_cfg=dict(st_threshold=0.6, st_weight=1.0),
    data_preprocessor=None)
