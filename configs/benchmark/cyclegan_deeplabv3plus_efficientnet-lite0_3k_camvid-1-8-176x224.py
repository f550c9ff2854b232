# CycleGAN in the CamVid 1/8 setting (46 labelled + 321 unlabelled
# frames): G_IS is the supervised CamVid 1/8 model (11 classes) with its
# schedule, data (176x224 crops of 240x180 frames) and labelled batch of 8,
# plus 8 unlabelled frames per batch (one weak view); see the model config
# for the rest.
_base_ = [
    '../_base_/models/cyclegan_deeplabv3plus_efficientnet-lite0.py',
    '../_base_/datasets/semi_camvid.py', 'mmseg::_base_/default_runtime.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=_base_.crop_size),
        decode_head=dict(num_classes=11)))
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    batch_size=16,
    sampler=dict(batch_size=16, source_ratio=[8, 8]),
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
