# The 1-8 config with the 1-4 split and its TorchSemiSeg schedule
# (160 "epochs" of 279 steps).
_base_ = ['./cps-cutmix_deeplabv3plus_r50-d16_8xb3-45k_cityscapes-1-8-800x800.py']
train_dataloader = dict(dataset=dict(split='1-4'))
train_cfg = dict(max_iters=44640)
