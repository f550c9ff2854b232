# Label-gap search (docs/benchmarks.md), first recipe: the supervised-92
# model with 224x224 crops and 1000 iterations of SGD (lr 0.01, momentum
# 0.9, weight decay 1e-4, poly to 1e-4), encoder fine-tuned.
_base_ = [
    '../../_base_/models/deeplabv3plus_efficientnet-lite0.py',
    '../../_base_/datasets/voc_subset.py',
    'mmseg::_base_/default_runtime.py',
    '../../_base_/schedules/schedule_benchmark_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)
crop_size = (224, 224)
model = dict(data_preprocessor=dict(size=crop_size))
labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[
        dict(type='LoadImageFromFile'),
        dict(type='LoadAnnotations'), _base_.resize,
        dict(_base_.crop, crop_size=crop_size), _base_.flip,
        dict(type='PackSegInputs')
    ])
train_dataloader = dict(dataset=dict(datasets=[labeled_dataset]))
