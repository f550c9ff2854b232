# CPS without CutMix, Cityscapes 1-2 (1488 labelled / 1487 unlabelled
# fine train images), DeepLabV3+ R50 at output stride 16: 8 GPUs x
# (1 labelled + 1 unlabelled), crop 800, SGD lr 0.02 (TorchSemiSeg does not
# scale it), OHEM (0.7, 50000 pixels per GPU) for the supervised loss only,
# lambda = 6 on labelled + unlabelled images, sliding-window test at full
# resolution (800 crops, stride 534); the schedule of TorchSemiSeg
# (240 "epochs" of 186 steps). Split lists:
# tools/misc/split_dataset.py.
_base_ = [
    '../_base_/models/cps_deeplabv3plus_r50-d16.py',
    '../_base_/datasets/semi_cityscapes-800x800.py',
    'mmseg::_base_/default_runtime.py', '../_base_/schedules/schedule_cps.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

split = '1-2'
max_iters = 44640
model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=_base_.crop_size),
        decode_head=dict(
            num_classes=19,
            sampler=dict(type='OHEMPixelSampler', thresh=0.7,
                          min_kept=50000)),
        test_cfg=dict(mode='slide', crop_size=(800, 800), stride=(534, 534))),
    cps_loss=dict(loss_weight=6.0))
optim_wrapper = dict(optimizer=dict(lr=0.02))

labeled_dataset = _base_.labeled_dataset
labeled_dataset.ann_file = f'splits/{split}/labeled.txt'
unlabeled_dataset = _base_.unlabeled_dataset
unlabeled_dataset.ann_file = f'splits/{split}/unlabeled.txt'
# CPS needs a single (weak) view of the unlabelled images
unlabeled_dataset.pipeline[-1] = dict(
    type='MultiBranch',
    branch_field=_base_.branch_field,
    unsup_weak=dict(type='PackSegInputs'))
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
train_cfg = dict(max_iters=max_iters)
param_scheduler = [
    dict(
        type='PolyLR',
        power=0.9,
        eta_min=0.0,
        begin=0,
        end=max_iters,
        by_epoch=False)
]
