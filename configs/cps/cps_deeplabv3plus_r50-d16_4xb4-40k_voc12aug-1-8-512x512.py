# CPS without CutMix, VOC-aug 1-8 (1323 labelled / 9259 unlabelled
# train-aug images), DeepLabV3+ R50 at output stride 16: 4 GPUs x
# (2 labelled + 2 unlabelled), crop 512, lambda = 1.5 on labelled +
# unlabelled images, SGD lr 0.0025 / weight decay 4e-4 (the official
# 0.01 / 1e-4 with its loss all-reduce, in standard DDP; see
# ../_base_/schedules/schedule_cps.py), the schedule of TorchSemiSeg (34
# "epochs" of 1157 steps). Split lists: tools/misc/split_dataset.py.
_base_ = [
    '../_base_/models/cps_deeplabv3plus_r50-d16.py',
    '../_base_/datasets/semi_voc12aug.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_cps.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=_base_.crop_size),
        decode_head=dict(num_classes=21)))
train_cfg = dict(max_iters=39338)
# CPS needs a single (weak) view of the unlabelled images
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
