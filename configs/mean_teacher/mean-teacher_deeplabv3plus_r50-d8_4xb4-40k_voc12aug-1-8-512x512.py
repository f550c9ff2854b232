# Mean Teacher, DeepLabV3+ R50-D8 (MMSeg's model, ImageNet-pretrained
# ResNetV1c), VOC-aug 1/8: 2 labelled + 2 unlabelled images per GPU on 4
# GPUs, 40k iterations, SGD lr 0.01 poly. Consistency as in the Mean Teacher
# baseline of CPS (TorchSemiSeg): MSE between softmax outputs, weight 100,
# EMA decay 0.99.
_base_ = [
    '../_base_/models/mean-teacher_deeplabv3plus_r50-d8.py',
    '../_base_/datasets/semi_voc12aug.py', 'mmseg::_base_/default_runtime.py',
    'mmseg::_base_/schedules/schedule_40k.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=_base_.crop_size),
        decode_head=dict(num_classes=21),
        auxiliary_head=dict(num_classes=21)))
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(
    checkpoint=dict(
        by_epoch=False,
        interval=4000,
        max_keep_ckpts=2,
        save_best='teacher/mIoU',
        rule='greater'))
