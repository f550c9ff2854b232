# The demo's supervised baseline (tools/run_demo.py): the quality
# benchmark's supervised VOC-subset model (92 labelled images, ImageNet
# EfficientNet-Lite0 DeepLabV3+, 192x192 crops, 8 images per batch, AdamW)
# on the bundled copy data/voc_subset_demo (the subset's own files: its 92
# labelled images, every third of its unlabelled ones, all 245 val
# images); the benchmark's schedule shortened to 500 iterations (warm-up
# 100 of 3000 -> 17 of 500, then poly to 0), validation every 125.
_base_ = [
    '../benchmark/deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
    '192x192.py'
]
data_root = 'data/voc_subset_demo'
labeled_dataset = dict(_base_.labeled_dataset, data_root=data_root)
train_dataloader = dict(dataset=dict(datasets=[labeled_dataset]))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
max_iters = 500
# the benchmark's warm-up share: 100 of 3000 -> 17 of 500
warmup_iters = round(_base_.param_scheduler[0]['end'] * max_iters /
                     _base_.train_cfg['max_iters'])
param_scheduler = [
    dict(_base_.param_scheduler[0], end=warmup_iters),
    dict(_base_.param_scheduler[1], begin=warmup_iters)
]
train_cfg = dict(max_iters=max_iters, val_interval=max_iters // 4)
# NCHW weights, as when the README's demo numbers were measured (the
# benchmark's channels-last changes float rounding, not the method)
default_hooks = dict(
    checkpoint=dict(interval=max_iters // 4),
    memory_format=dict(memory_format='contiguous_format'))
