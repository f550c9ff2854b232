# The 1-8 config with the 1-16 split and its TorchSemiSeg schedule
# (128 "epochs" of 348 steps).
_base_ = ['./cps_deeplabv3plus_r50-d16_8xb2-45k_cityscapes-1-8-800x800.py']
train_dataloader = dict(dataset=dict(split='1-16'))
train_cfg = dict(max_iters=44544)
