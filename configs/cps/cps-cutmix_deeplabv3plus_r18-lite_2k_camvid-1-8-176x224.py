# CPS + CutMix on CamVid 1/8, CPU-sized: lambda = 1.0, CPS on unlabelled
# images only, mixed in pairs; 4 labelled + 8 unlabelled (-> 4 mixed) per
# batch.
_base_ = ['./cps_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py']
model = dict(
    cps_loss=dict(loss_weight=1.0),
    semi_train_cfg=dict(
        cutmix=dict(type='BoxMaskGenerator', n_boxes=3,
                    prop_range=(0.25, 0.5))))
train_dataloader = dict(
    batch_size=12, sampler=dict(batch_size=12, source_ratio=[4, 8]))
