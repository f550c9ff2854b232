# CycleGAN in the quality benchmark (VOC subset, 92 labelled + 1372
# unlabelled): G_IS is the supervised-92 model with its schedule and
# labelled batch of 8 (the same crops), plus 8 unlabelled images per batch
# (one weak view); see the model config for the rest.
_base_ = [
    '../_base_/models/cyclegan_deeplabv3plus_efficientnet-lite0.py',
    '../_base_/datasets/semi_voc_subset.py',
    'mmseg::_base_/default_runtime.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

model = dict(
    segmentor=dict(data_preprocessor=dict(size=_base_.crop_size)))
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
