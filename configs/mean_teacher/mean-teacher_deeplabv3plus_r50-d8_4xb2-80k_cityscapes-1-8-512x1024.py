# Mean Teacher, DeepLabV3+ R50-D8 (MMSeg's model, ImageNet-pretrained
# ResNetV1c), Cityscapes 1/8: 1 labelled + 1 unlabelled image per GPU on 4
# GPUs (needs SyncBN, kept from MMSeg's model config), 80k iterations, SGD
# lr 0.01 poly, crop 512x1024. Consistency: MSE between softmax outputs,
# weight 100, EMA decay 0.99.
_base_ = [
    '../_base_/models/mean-teacher_deeplabv3plus_r50-d8.py',
    '../_base_/datasets/semi_cityscapes.py',
    'mmseg::_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_80k.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

model = dict(segmentor=dict(data_preprocessor=dict(size=_base_.crop_size)))
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(
    checkpoint=dict(
        by_epoch=False,
        interval=8000,
        max_keep_ckpts=2,
        save_best='teacher/mIoU',
        rule='greater'))
