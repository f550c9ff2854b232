# Semi-supervised PASCAL VOC 2012 + SBD ("aug", 10582 train images): a
# labelled split and the rest of train-aug unlabelled, in MMSeg's layout
# (data/VOCdevkit/VOC2012 with JPEGImages/, SegmentationClassAug/ holding a
# mask for every train-aug id, ImageSets/Segmentation/val.txt). Write the
# split lists once with
#   python tools/misc/split_dataset.py voc12aug data/VOCdevkit/VOC2012 \
#       --fraction 0.0625 0.125 0.25 0.5 --seed 0
# Another split is one line in a child config:
#   train_dataloader = dict(dataset=dict(split='1-4'))
# Validation/test: MMSeg's own VOC val (1449 images).
_base_ = [
    'mmseg::_base_/datasets/pascal_voc12_aug.py', './semi_views.py'
]

crop_size = (512, 512)
labeled_batch_size = 2  # per GPU
unlabeled_batch_size = 2  # per GPU
batch_size = labeled_batch_size + unlabeled_batch_size
resize = dict(
    type='RandomResize',
    scale=(2048, 512),
    ratio_range=(0.5, 2.0),
    keep_ratio=True)
crop = dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75)
flip = dict(type='RandomFlip', prob=0.5)
unsup_pipeline_head = [
    *_base_.load_unlabeled, resize,
    dict(crop, cat_max_ratio=1.0), flip
]

labeled_dataset = dict(
    type='PascalVOCDataset',
    data_root=_base_.data_root,
    data_prefix=dict(
        img_path='JPEGImages', seg_map_path='SegmentationClassAug'),
    ann_file='splits/{split}/labeled.txt',
    pipeline=[*_base_.load_labeled, resize, crop, flip, _base_.sup_views])
unlabeled_dataset = dict(
    labeled_dataset,
    data_prefix=dict(img_path='JPEGImages'),
    ann_file='splits/{split}/unlabeled.txt',
    pipeline=[*unsup_pipeline_head, _base_.unsup_views])
train_dataloader = dict(
    batch_size=batch_size,
    num_workers=4,
    sampler=dict(
        _delete_=True,
        type='MultiSourceSampler',
        batch_size=batch_size,
        source_ratio=[labeled_batch_size, unlabeled_batch_size]),
    dataset=dict(
        _delete_=True,
        type='SemiConcatDataset',
        split='1-8',
        datasets=[labeled_dataset, unlabeled_dataset]))
