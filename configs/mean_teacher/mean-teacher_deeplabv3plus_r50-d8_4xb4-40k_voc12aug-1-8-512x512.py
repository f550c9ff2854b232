# Mean Teacher, VOC-aug 1-8, MMSeg's DeepLabV3+ R50-D8 with its auxiliary
# head, 4 GPUs x (2 labelled + 2 unlabelled), crop 512, 40k iterations of
# MMSeg's schedule; the consistency of TorchSemiSeg's Mean Teacher baseline
# (softmax MSE x 100, EMA decay 0.99). Not that baseline's exact settings:
# see README.md ("Differences from TorchSemiSeg's Mean Teacher") and
# mean-teacher-torchsemiseg_deeplabv3plus_r50-d16_4xb4-40k_voc12aug-1-8-512x512.py
_base_ = [
    '../_base_/models/mean-teacher_deeplabv3plus_r50-d8.py',
    '../_base_/datasets/semi_voc12aug.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_mean_teacher.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=_base_.crop_size),
        decode_head=dict(num_classes=21),
        auxiliary_head=dict(num_classes=21)))
