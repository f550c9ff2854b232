# CPS + CutMix: lambda = 5, CPS on unlabelled images only, mixed in pairs
# (first half of the unlabelled batch with the second half, never an image
# with itself). The unlabelled share per GPU is doubled, as the two
# unlabelled loaders of TorchSemiSeg give it: 1 labelled + 2 unlabelled.
_base_ = ['./cps_deeplabv3plus_r50-d16_8xb2-45k_cityscapes-1-8-800x800.py']
model = dict(
    cps_loss=dict(loss_weight=5.0),
    semi_train_cfg=dict(cutmix=_base_.cutmix))
train_dataloader = dict(
    batch_size=3, sampler=dict(batch_size=3, source_ratio=[1, 2]))
