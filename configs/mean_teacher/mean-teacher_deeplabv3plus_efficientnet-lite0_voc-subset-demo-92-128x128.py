# Demo candidate (tools/run_demo.py): the quality benchmark's Mean Teacher
# on the VOC subset (92 labelled + 1372 unlabelled images) at the demo's
# budget: 128x128 crops, 1000 iterations, the consistency ramp-up over the
# first quarter (250 iterations), everything else as the benchmark.
_base_ = [
    '../benchmark/mean-teacher_deeplabv3plus_efficientnet-lite0_3k_'
    'voc-subset-92-192x192.py'
]
crop_size = (128, 128)
crop = dict(_base_.crop, crop_size=crop_size)
model = dict(
    segmentor=dict(data_preprocessor=dict(size=crop_size)),
    semi_train_cfg=dict(rampup_iters=250))
labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[
        *_base_.load_labeled, _base_.resize, crop, _base_.flip,
        _base_.sup_views
    ])
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[
        *_base_.load_unlabeled, _base_.resize,
        dict(crop, cat_max_ratio=1.0), _base_.flip, _base_.unsup_views
    ])
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
train_cfg = dict(max_iters=1000, val_interval=250)
default_hooks = dict(checkpoint=dict(interval=250))
