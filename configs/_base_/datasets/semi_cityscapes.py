# Semi-supervised Cityscapes: a labelled split of the 2975 fine train images
# and the rest unlabelled, in MMSeg's layout (data/cityscapes with
# leftImg8bit/ and gtFine/ *_labelTrainIds.png from MMSeg's
# tools/dataset_converters/cityscapes.py). Write the split lists once with
#   python tools/misc/split_dataset.py cityscapes data/cityscapes \
#       --fraction 0.0625 0.125 0.25 0.5 --seed 0
# Validation/test: MMSeg's own (500 val images, whole-image inference).
_base_ = [
    'mmseg::_base_/datasets/cityscapes.py',
    './semi_views.py'
]

split = '1-8'
crop_size = (512, 1024)
branch_field = _base_.branch_field
labeled_batch_size = 1  # per GPU
unlabeled_batch_size = 1  # per GPU
batch_size = labeled_batch_size + unlabeled_batch_size


def geometry(cat_max_ratio):
    return [
        dict(
            type='RandomResize',
            scale=(2048, 1024),
            ratio_range=(0.5, 2.0),
            keep_ratio=True),
        dict(
            type='RandomCrop', crop_size=crop_size,
            cat_max_ratio=cat_max_ratio),
        dict(type='RandomFlip', prob=0.5),
    ]


sup_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    *geometry(0.75),
    dict(
        type='MultiBranch',
        branch_field=branch_field,
        sup=dict(type='PackSegInputs')),
]
unsup_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadEmptySegAnnotation'),
    *geometry(1.0),
    dict(
        type='MultiBranch',
        branch_field=branch_field,
        unsup_weak=dict(type='PackSegInputs'),
        unsup_strong=[*_base_.strong_photometric,
                      dict(type='PackSegInputs')]),
]

labeled_dataset = dict(
    type='CityscapesDataset',
    data_root=_base_.data_root,
    data_prefix=dict(
        img_path='leftImg8bit/train', seg_map_path='gtFine/train'),
    ann_file=f'splits/{split}/labeled.txt',
    pipeline=sup_pipeline)
unlabeled_dataset = dict(
    type='CityscapesDataset',
    data_root=_base_.data_root,
    data_prefix=dict(img_path='leftImg8bit/train'),
    ann_file=f'splits/{split}/unlabeled.txt',
    pipeline=unsup_pipeline)

train_dataloader = dict(
    batch_size=batch_size,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(
        _delete_=True,
        type='MultiSourceSampler',
        batch_size=batch_size,
        source_ratio=[labeled_batch_size, unlabeled_batch_size]),
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        datasets=[labeled_dataset, unlabeled_dataset]))
