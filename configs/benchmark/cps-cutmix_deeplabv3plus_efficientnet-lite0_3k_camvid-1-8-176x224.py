# CPS + CutMix in the CamVid 1/8 setting: the VOC-subset CPS + CutMix
# settings (lambda 1.0, CPS on CutMix-ed unlabelled frames only, three
# boxes, each a third of an area drawn from 25-50 % of the frame),
# labelled batch 8 and 16 unlabelled frames (8 mixed images) per batch.
_base_ = ['./cps_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-176x224.py']
model = dict(
    cps_loss=dict(loss_weight=1.0),
    semi_train_cfg=dict(
        cutmix=dict(type='BoxMaskGenerator', n_boxes=3,
                    prop_range=(0.25, 0.5))))
train_dataloader = dict(
    batch_size=24, sampler=dict(batch_size=24, source_ratio=[8, 16]))
