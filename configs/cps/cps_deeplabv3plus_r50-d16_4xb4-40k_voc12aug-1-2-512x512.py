# CPS without CutMix, VOC-aug 1-2 (5291 labelled / 5291 unlabelled
# train-aug images), DeepLabV3+ R50 at output stride 16: 4 GPUs x
# (2 labelled + 2 unlabelled), crop 512, SGD lr 0.01 poly, lambda = 1.5 on
# labelled + unlabelled images; the schedule of TorchSemiSeg (60
# "epochs" of 661 steps). Split lists: tools/misc/split_dataset.py.
_base_ = [
    '../_base_/models/cps_deeplabv3plus_r50-d16.py',
    '../_base_/datasets/semi_voc12aug.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_cps.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

split = '1-2'
max_iters = 39660
model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=_base_.crop_size),
        decode_head=dict(num_classes=21)))

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
