# CPS on MMSeg's DeepLabV3+ R50, arranged like the official CPS network
# (TorchSemiSeg): ImageNet ResNet-50 V1c at output stride 16 (layer4
# dilations 2/4/8: MMSeg's multi_grid gives absolute dilations), ASPP
# 6/12/18, no auxiliary head, no dropout, CE averaged over labelled pixels.
# Both branches load the same backbone weights; their heads are drawn at
# random one after the other, so they differ.
# Not the official network: MMSeg's DeepLabV3+ head and 64-channel stem
# (the authors' deep-stem weights are not on OpenMMLab's model zoo).
# data_preprocessor=None: a MultiBranchSegDataPreProcessor wrapping the
# segmentor's own is built, so a child sets the crop `size` in the segmentor
# only. (None must be explicit: without the key the Runner would insert the
# top-level `data_preprocessor` of MMSeg's model config.)
_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']

segmentor = _base_.model
segmentor.backbone.update(
    strides=(1, 2, 2, 1), dilations=(1, 1, 1, 2), multi_grid=(2, 4, 8))
segmentor.decode_head.update(
    dilations=(1, 6, 12, 18),
    dropout_ratio=0.0,
    loss_decode=dict(
        type='CrossEntropyLoss',
        use_sigmoid=False,
        loss_weight=1.0,
        avg_non_ignore=True))
segmentor.auxiliary_head = None
model = dict(
    _delete_=True,
    type='CPSSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    cps_loss=dict(type='CrossPseudoLoss', loss_weight=1.5),
    semi_test_cfg=dict(predict_on='branch1'))
# CPS + CutMix configs set model.semi_train_cfg.cutmix to this
cutmix = dict(type='BoxMaskGenerator', n_boxes=3, prop_range=(0.25, 0.5))
