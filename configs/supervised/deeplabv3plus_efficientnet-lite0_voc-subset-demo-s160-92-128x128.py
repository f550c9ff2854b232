# The demo's supervised baseline (tools/run_demo.py): the quality
# benchmark's supervised VOC-subset model (92 labelled images, ImageNet
# EfficientNet-Lite0 DeepLabV3+, AdamW, 8 images per batch) on the bundled
# copy data/voc_subset_demo, whose images are the subset's scaled by 2/3
# (longer side 213 px, built by tools/misc/make_voc_subset_demo.py), so
# that each 128x128 crop holds the share of the image a 192x192 crop holds
# in the benchmark; validation on the 245 val images at that scale;
# 1000 iterations, validation every 250.
_base_ = [
    '../benchmark/deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
    '192x192.py'
]
data_root = 'data/voc_subset_demo'
crop_size = (128, 128)
image_scale = (213, 160)
resize = dict(_base_.resize, scale=image_scale)
crop = dict(_base_.crop, crop_size=crop_size)
model = dict(data_preprocessor=dict(size=crop_size))
labeled_dataset = dict(
    _base_.labeled_dataset,
    data_root=data_root,
    pipeline=[
        dict(type='LoadImageFromFile'),
        dict(type='LoadAnnotations'), resize, crop, _base_.flip,
        dict(type='PackSegInputs')
    ])
train_dataloader = dict(dataset=dict(datasets=[labeled_dataset]))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
train_cfg = dict(max_iters=1000, val_interval=250)
default_hooks = dict(checkpoint=dict(interval=250))
