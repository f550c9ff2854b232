# Demo candidate (tools/run_demo.py): the quality benchmark's supervised
# VOC-subset baseline (92 labelled images, ImageNet EfficientNet-Lite0
# DeepLabV3+, AdamW) shrunk to a few minutes on 2 CPU cores: 128x128 crops
# of the same 320x240-scale images, 1000 iterations, validation every 250.
_base_ = [
    '../benchmark/deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
    '192x192.py'
]
crop_size = (128, 128)
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
train_cfg = dict(max_iters=1000, val_interval=250)
default_hooks = dict(checkpoint=dict(interval=250))
