# Semi-supervised PASCAL VOC 2012 + SBD ("aug", 10582 train images): a
# labelled split and the rest of train-aug unlabelled, in MMSeg's layout
# (data/VOCdevkit/VOC2012 with JPEGImages/, SegmentationClassAug/ holding a
# mask for every train-aug id, ImageSets/Segmentation/val.txt). Write the
# split lists once with
#   python tools/misc/split_dataset.py voc12aug data/VOCdevkit/VOC2012 \
#       --fraction 0.0625 0.125 0.25 0.5 --seed 0
# Validation/test: MMSeg's own VOC val (1449 images).
_base_ = [
    'mmseg::_base_/datasets/pascal_voc12_aug.py',
    './semi_views.py'
]

split = '1-8'
crop_size = (512, 512)
branch_field = _base_.branch_field
labeled_batch_size = 2  # per GPU
unlabeled_batch_size = 2  # per GPU
batch_size = labeled_batch_size + unlabeled_batch_size


def geometry(cat_max_ratio):
    return [
        dict(
            type='RandomResize',
            scale=(2048, 512),
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
    type='PascalVOCDataset',
    data_root=_base_.data_root,
    data_prefix=dict(
        img_path='JPEGImages', seg_map_path='SegmentationClassAug'),
    ann_file=f'splits/{split}/labeled.txt',
    pipeline=sup_pipeline)
unlabeled_dataset = dict(
    type='PascalVOCDataset',
    data_root=_base_.data_root,
    data_prefix=dict(img_path='JPEGImages'),
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
