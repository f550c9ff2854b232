# The 1-8 config with the 1-2 split and its TorchSemiSeg schedule
# (240 "epochs" of 186 steps).
_base_ = ['./cps_deeplabv3plus_r50-d16_8xb2-45k_cityscapes-1-8-800x800.py']
train_dataloader = dict(dataset=dict(split='1-2'))
train_cfg = dict(max_iters=44640)
