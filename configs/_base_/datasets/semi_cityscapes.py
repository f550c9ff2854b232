# Semi-supervised Cityscapes: a labelled split of the 2975 fine train images
# and the rest unlabelled, in MMSeg's layout (data/cityscapes with
# leftImg8bit/ and gtFine/ *_labelTrainIds.png from MMSeg's
# tools/dataset_converters/cityscapes.py). Write the split lists once with
#   python tools/misc/split_dataset.py cityscapes data/cityscapes \
#       --fraction 0.0625 0.125 0.25 0.5 --seed 0
# Another split is one line in a child config:
#   train_dataloader = dict(dataset=dict(split='1-4'))
# Training crops are `crop_size`, 1 labelled + 1 unlabelled image per GPU
# (semi_cityscapes-800x800.py: CPS's 800x800 crops). Validation/test:
# MMSeg's own (500 val images, whole-image inference).
_base_ = ['mmseg::_base_/datasets/cityscapes.py', './semi_views.py']

crop_size = (512, 1024)
labeled_batch_size = 1  # per GPU
unlabeled_batch_size = 1  # per GPU
resize = dict(
    type='RandomResize',
    scale=(2048, 1024),
    ratio_range=(0.5, 2.0),
    keep_ratio=True)
crop = dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75)
flip = dict(type='RandomFlip', prob=0.5)
unsup_pipeline_head = [
    *_base_.load_unlabeled, resize,
    dict(crop, cat_max_ratio=1.0), flip
]

labeled_dataset = dict(
    type='CityscapesDataset',
    data_root=_base_.data_root,
    data_prefix=dict(
        img_path='leftImg8bit/train', seg_map_path='gtFine/train'),
    ann_file='splits/{split}/labeled.txt',
    pipeline=[*_base_.load_labeled, resize, crop, flip, _base_.sup_views])
unlabeled_dataset = dict(
    labeled_dataset,
    data_prefix=dict(img_path='leftImg8bit/train'),
    ann_file='splits/{split}/unlabeled.txt',
    pipeline=[*unsup_pipeline_head, _base_.unsup_views])
train_dataloader = dict(
    batch_size=labeled_batch_size + unlabeled_batch_size,
    num_workers=4,
    sampler=dict(
        _delete_=True,
        type='MultiSourceSampler',
        batch_size=labeled_batch_size + unlabeled_batch_size,
        source_ratio=[labeled_batch_size, unlabeled_batch_size]),
    dataset=dict(
        _delete_=True,
        type='SemiConcatDataset',
        split='1-8',
        datasets=[labeled_dataset, unlabeled_dataset]))
