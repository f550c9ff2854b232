_base_ = ['./deeplabv3plus_r50-d8_4xb1-80k_cityscapes-1-8-512x1024.py']
model = dict(pretrained='open-mmlab://resnet101_v1c', backbone=dict(depth=101))
