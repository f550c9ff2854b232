_base_ = ['./cps-cutmix_deeplabv3plus_r50-d16_8xb3-45k_cityscapes-1-4-800x800.py']
model = dict(
    segmentor=dict(
        pretrained='open-mmlab://resnet101_v1c', backbone=dict(depth=101)))
