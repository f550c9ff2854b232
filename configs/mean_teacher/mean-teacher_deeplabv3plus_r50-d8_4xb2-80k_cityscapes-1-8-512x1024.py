# Mean Teacher, DeepLabV3+ R50-D8 (MMSeg's model, ImageNet-pretrained
# ResNetV1c), Cityscapes 1/8: 1 labelled + 1 unlabelled image per GPU on 4
# GPUs, 80k iterations, SGD lr 0.01 poly, crop 512x1024. Consistency: MSE
# between softmax outputs, weight 100, EMA decay 0.99.
_base_ = [
    'mmseg::_base_/models/deeplabv3plus_r50-d8.py',
    '../_base_/datasets/semi_cityscapes.py',
    'mmseg::_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_80k.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

segmentor = _base_.model
segmentor.data_preprocessor.size = _base_.crop_size
model = dict(
    _delete_=True,
    type='MeanTeacherSegmentor',
    segmentor=segmentor,
    data_preprocessor=dict(
        type='MultiBranchSegDataPreProcessor',
        data_preprocessor=segmentor.data_preprocessor),
    semi_train_cfg=dict(
        consistency='mse', sup_weight=1.0, unsup_weight=100.0,
        rampup_iters=0),
    semi_test_cfg=dict(predict_on='teacher'))

custom_hooks = [dict(type='MeanTeacherHook', momentum=0.01, warmup=True)]
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(
    checkpoint=dict(
        by_epoch=False,
        interval=8000,
        max_keep_ckpts=2,
        save_best='teacher/mIoU',
        rule='greater'))
