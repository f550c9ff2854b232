# semi_cityscapes.py with 800x800 training crops (CPS, UniMatch).
_base_ = ['./semi_cityscapes.py']
crop_size = (800, 800)
crop = dict(_base_.crop, crop_size=crop_size)
unsup_pipeline_head = [
    *_base_.load_unlabeled, _base_.resize,
    dict(crop, cat_max_ratio=1.0), _base_.flip
]
labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[
        *_base_.load_labeled, _base_.resize, crop, _base_.flip,
        _base_.sup_views
    ])
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*unsup_pipeline_head, _base_.unsup_views])
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
