# CPS + CutMix: lambda = 1, CPS on unlabelled images only, mixed in pairs
# (first half of the unlabelled batch with the second half, never an image
# with itself). The unlabelled share per GPU is doubled, as the two
# unlabelled loaders of TorchSemiSeg give it: 2 labelled + 4 unlabelled.
_base_ = ['./cps_deeplabv3plus_r50-d16_4xb4-40k_voc12aug-1-8-512x512.py']
model = dict(
    cps_loss=dict(loss_weight=1.0),
    semi_train_cfg=dict(cutmix=_base_.cutmix))
train_dataloader = dict(
    batch_size=6, sampler=dict(batch_size=6, source_ratio=[2, 4]))
