# Weakly supervised VOC subset: all 1464 train images with their
# foreground tags only (LoadImageLevelLabels on the whole, uncropped mask,
# background left out; the loss never reads the mask), the quality
# benchmark's 192x192 crops and 8 images per batch, the reference's
# augmentation: flip and colour jitter 0.3/0.3/0.3/0.1 always. The crop
# does not look at the mask (cat_max_ratio=1). Validation: the benchmark's
# (MMSeg's mIoU against the 245 val masks, and mIoU_frequent).
_base_ = ['./voc_subset.py', './wsss_parts.py']

wsss_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='LoadImageLevelLabels', num_classes=21, exclude_classes=(0, )),
    _base_.resize,
    dict(_base_.crop, cat_max_ratio=1.0),
    _base_.flip,
    _base_.wsss_colour_jitter,
    _base_.wsss_pack,
]
labeled_dataset = dict(
    _base_.labeled_dataset, ann_file='train.txt',
    pipeline=wsss_train_pipeline)
train_dataloader = dict(dataset=dict(datasets=[labeled_dataset]))
