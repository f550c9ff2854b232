# Semi-supervised VOC subset: every batch holds 8 labelled images (view
# 'sup'; the labelled source and its stream are those of the supervised
# baseline, voc_subset.py) and 8 unlabelled ones (the other 1372 train
# images), seen with the same geometry as 'unsup_weak' and 'unsup_strong'
# (+ colour jitter, grayscale, blur).
_base_ = ['./voc_subset.py', './semi_views.py']

labeled_batch_size = 8
unlabeled_batch_size = 8
batch_size = labeled_batch_size + unlabeled_batch_size
unsup_pipeline_head = [
    *_base_.load_unlabeled, _base_.resize,
    dict(_base_.crop, cat_max_ratio=1.0), _base_.flip
]

labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[
        *_base_.load_labeled, _base_.resize, _base_.crop, _base_.flip,
        _base_.sup_views
    ])
unlabeled_dataset = dict(
    labeled_dataset,
    data_prefix=dict(img_path='JPEGImages'),
    ann_file='splits/{split}/unlabeled.txt',
    pipeline=[*unsup_pipeline_head, _base_.unsup_views])
train_dataloader = dict(
    batch_size=batch_size,
    sampler=dict(
        batch_size=batch_size,
        source_ratio=[labeled_batch_size, unlabeled_batch_size]),
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
