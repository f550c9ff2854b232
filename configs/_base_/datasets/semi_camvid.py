# Semi-supervised CamVid: every batch holds labelled images (view 'sup')
# and unlabelled ones, seen twice with the same geometry: 'unsup_weak'
# (geometry only, for the teacher) and 'unsup_strong' (+ colour jitter,
# grayscale, blur, for the student).
#
# Another split: in a child config
#   labeled_dataset = _base_.labeled_dataset
#   labeled_dataset.ann_file = 'splits/1-4/labeled.txt'
#   unlabeled_dataset = _base_.unlabeled_dataset
#   unlabeled_dataset.ann_file = 'splits/1-4/unlabeled.txt'
#   train_dataloader = dict(
#       dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
# or on the command line
#   --cfg-options train_dataloader.dataset.datasets.0.ann_file=... \
#                 train_dataloader.dataset.datasets.1.ann_file=...
_base_ = ['./camvid.py', './semi_views.py']

branch_field = _base_.branch_field
labeled_batch_size = 4
unlabeled_batch_size = 4
batch_size = labeled_batch_size + unlabeled_batch_size

sup_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    *_base_.train_geometry,
    dict(
        type='MultiBranch',
        branch_field=branch_field,
        sup=dict(type='PackSegInputs')),
]
unsup_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadEmptySegAnnotation'),
    dict(
        type='RandomResize',
        scale=_base_.img_scale,
        ratio_range=(0.75, 1.5),
        keep_ratio=True),
    dict(type='RandomCrop', crop_size=_base_.crop_size, cat_max_ratio=1.0),
    dict(type='RandomFlip', prob=0.5),
    dict(
        type='MultiBranch',
        branch_field=branch_field,
        unsup_weak=dict(type='PackSegInputs'),
        unsup_strong=[*_base_.strong_photometric,
                      dict(type='PackSegInputs')]),
]

labeled_dataset = _base_.labeled_dataset
labeled_dataset.pipeline = sup_pipeline
unlabeled_dataset = dict(
    type=_base_.dataset_type,
    data_root=_base_.data_root,
    img_suffix=_base_.img_suffix,
    data_prefix=dict(img_path='train'),
    ann_file=f'splits/{_base_.split}/unlabeled.txt',
    pipeline=unsup_pipeline)

train_dataloader = dict(
    batch_size=batch_size,
    sampler=dict(
        _delete_=True,
        type='MultiSourceSampler',
        batch_size=batch_size,
        source_ratio=[labeled_batch_size, unlabeled_batch_size]),
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        datasets=[labeled_dataset, unlabeled_dataset]))
