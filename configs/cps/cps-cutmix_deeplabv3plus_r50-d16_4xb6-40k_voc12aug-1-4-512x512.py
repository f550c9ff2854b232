# The 1-8 config with the 1-4 split and its TorchSemiSeg schedule
# (40 "epochs" of 992 steps).
_base_ = ['./cps-cutmix_deeplabv3plus_r50-d16_4xb6-40k_voc12aug-1-8-512x512.py']
train_dataloader = dict(dataset=dict(split='1-4'))
train_cfg = dict(max_iters=39680)
