# The demo's semi-supervised model (tools/run_demo.py): the quality
# benchmark's Mean Teacher on the bundled copy data/voc_subset_demo (the
# VOC subset's own files: the 92 labelled images, every third of the other
# train images as 458 unlabelled ones, all 245 val images) with the demo
# baseline's schedule
# (deeplabv3plus_efficientnet-lite0_voc-subset-demo-92-192x192.py: 500
# iterations, warm-up 17, validation every 125) and the consistency
# ramp-up over its first quarter (125 iterations), everything else as the
# benchmark.
_base_ = [
    '../benchmark/mean-teacher_deeplabv3plus_efficientnet-lite0_3k_'
    'voc-subset-92-192x192.py'
]
data_root = 'data/voc_subset_demo'
labeled_dataset = dict(_base_.labeled_dataset, data_root=data_root)
unlabeled_dataset = dict(_base_.unlabeled_dataset, data_root=data_root)
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
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
model = dict(semi_train_cfg=dict(rampup_iters=max_iters // 4))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters // 4)
# NCHW weights, as when the README's demo numbers were measured (the
# benchmark's channels-last changes float rounding, not the method)
default_hooks = dict(
    checkpoint=dict(interval=max_iters // 4),
    memory_format=dict(memory_format='contiguous_format'))
