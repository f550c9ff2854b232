# Mean Teacher on MMSeg's DeepLabV3+ R50-D8 (ImageNet ResNet-50 V1c), with
# the consistency of CPS's Mean Teacher baseline (TorchSemiSeg): MSE between
# softmax outputs, weight 100, no ramp-up, EMA decay 0.99 (student weight
# 0.01, parameters and buffers). The EMA hook is part of the method, so it
# is set here.
# data_preprocessor=None: a MultiBranchSegDataPreProcessor wrapping the
# segmentor's own is built, so a child sets the crop `size` in the segmentor
# only. (None must be explicit: without the key the Runner would insert the
# top-level `data_preprocessor` of MMSeg's model config.)
_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']

model = dict(
    _delete_=True,
    type='MeanTeacherSegmentor',
    segmentor=_base_.model,
    data_preprocessor=None,
    semi_train_cfg=dict(
        consistency='mse', sup_weight=1.0, unsup_weight=100.0,
        rampup_iters=0),
    semi_test_cfg=dict(predict_on='teacher'))
custom_hooks = [dict(type='MeanTeacherHook', momentum=0.01, warmup=True)]
