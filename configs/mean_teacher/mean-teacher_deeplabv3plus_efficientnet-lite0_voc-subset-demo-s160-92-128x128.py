# The demo's semi-supervised model (tools/run_demo.py): the quality
# benchmark's Mean Teacher on the bundled VOC-subset copy
# data/voc_subset_demo (the 92 labelled images + every third of the other
# train images, unlabelled, all scaled by 2/3 to a 213-px longer side),
# with the demo baseline's 128x128 crops, 1000 iterations and validation
# (deeplabv3plus_efficientnet-lite0_voc-subset-demo-s160-92-128x128.py);
# the consistency ramp-up over the first quarter (250 iterations),
# everything else as the benchmark.
_base_ = [
    '../benchmark/mean-teacher_deeplabv3plus_efficientnet-lite0_3k_'
    'voc-subset-92-192x192.py'
]
data_root = 'data/voc_subset_demo'
crop_size = (128, 128)
image_scale = (213, 160)
resize = dict(_base_.resize, scale=image_scale)
crop = dict(_base_.crop, crop_size=crop_size)
model = dict(
    segmentor=dict(data_preprocessor=dict(size=crop_size)),
    semi_train_cfg=dict(rampup_iters=250))
labeled_dataset = dict(
    _base_.labeled_dataset,
    data_root=data_root,
    pipeline=[
        *_base_.load_labeled, resize, crop, _base_.flip, _base_.sup_views
    ])
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    data_root=data_root,
    pipeline=[
        *_base_.load_unlabeled, resize,
        dict(crop, cat_max_ratio=1.0), _base_.flip, _base_.unsup_views
    ])
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
train_cfg = dict(max_iters=1000, val_interval=250)
default_hooks = dict(checkpoint=dict(interval=250))
