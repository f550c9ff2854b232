_base_ = ['./cps-cutmix_deeplabv3plus_r50-d16_4xb6-40k_voc12aug-1-16-512x512.py']
model = dict(
    segmentor=dict(
        pretrained='open-mmlab://resnet101_v1c', backbone=dict(depth=101)))
