_base_ = [
    './mean-teacher_deeplabv3plus_r50-d8_4xb4-40k_voc12aug-1-8-512x512.py'
]
model = dict(
    segmentor=dict(
        pretrained='open-mmlab://resnet101_v1c', backbone=dict(depth=101)))
