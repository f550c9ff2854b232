_base_ = [
    './mean-teacher_deeplabv3plus_r50-d8_4xb2-80k_cityscapes-1-8-512x1024.py'
]
model = dict(
    segmentor=dict(
        pretrained='open-mmlab://resnet101_v1c', backbone=dict(depth=101)))
