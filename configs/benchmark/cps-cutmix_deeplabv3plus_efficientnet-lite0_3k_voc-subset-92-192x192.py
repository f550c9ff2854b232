# CPS + CutMix in the quality benchmark: lambda = 1.0 (CPS's VOC value), CPS
# on CutMix-ed unlabelled images only; the labelled batch stays 8 and the
# unlabelled share is doubled (16 -> 8 mixed images), as TorchSemiSeg's two
# unlabelled loaders give it.
_base_ = ['./cps_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-192x192.py']
model = dict(
    cps_loss=dict(loss_weight=1.0),
    semi_train_cfg=dict(
        cutmix=dict(type='BoxMaskGenerator', n_boxes=3,
                    prop_range=(0.25, 0.5))))
train_dataloader = dict(
    batch_size=24, sampler=dict(batch_size=24, source_ratio=[8, 16]))
