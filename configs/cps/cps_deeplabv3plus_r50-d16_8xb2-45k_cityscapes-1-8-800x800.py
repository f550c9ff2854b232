# CPS without CutMix, Cityscapes 1-8 (372 labelled / 2603 unlabelled
# fine train images), DeepLabV3+ R50 at output stride 16: 8 GPUs x
# (1 labelled + 1 unlabelled), crop 800, lambda = 6 on labelled +
# unlabelled images, OHEM (0.7, 50000 pixels per GPU) for the supervised
# loss only, averaged over the kept pixels as the official loss is
# (SampledPixelCrossEntropyLoss), SGD lr 0.0025 / weight decay 8e-4 (the
# official 0.02 / 1e-4 with its loss all-reduce over 8 GPUs, in standard
# DDP; see ../_base_/schedules/schedule_cps.py), sliding-window test at full
# resolution (800 crops, stride 534), the schedule of TorchSemiSeg (137
# "epochs" of 325 steps). Split lists: tools/misc/split_dataset.py.
_base_ = [
    '../_base_/models/cps_deeplabv3plus_r50-d16.py',
    '../_base_/datasets/semi_cityscapes-800x800.py',
    'mmseg::_base_/default_runtime.py', '../_base_/schedules/schedule_cps.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=_base_.crop_size),
        decode_head=dict(
            num_classes=19,
            sampler=dict(type='OHEMPixelSampler', thresh=0.7,
                         min_kept=50000),
            loss_decode=dict(
                _delete_=True, type='SampledPixelCrossEntropyLoss')),
        test_cfg=dict(mode='slide', crop_size=(800, 800), stride=(534, 534))),
    cps_loss=dict(loss_weight=6.0))
optim_wrapper = dict(optimizer=dict(weight_decay=8e-4))
train_cfg = dict(max_iters=44525)
# CPS needs a single (weak) view of the unlabelled images
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
