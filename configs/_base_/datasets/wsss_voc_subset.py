# Weakly supervised VOC subset: all 1464 train images with their
# foreground tags only (LoadImageLevelLabels on the whole mask, background
# left out; the loss never reads the mask), 8 images per batch, the
# reference's augmentation: its RandomResizedCrop keeps 90-100 % of the
# image, so the whole image is resized to the benchmark's 192x192 (a crop
# would cut tagged objects out and pad small images); flip; colour jitter
# 0.3/0.3/0.3/0.1 always. Validation: the benchmark's (MMSeg's mIoU
# against the 245 val masks, and mIoU_frequent).
_base_ = ['./voc_subset.py', './wsss_parts.py']

wsss_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='LoadImageLevelLabels', num_classes=21, exclude_classes=(0, )),
    # (w, h) = the crop's (h, w) reversed
    dict(type='Resize', scale=_base_.crop_size[::-1], keep_ratio=False),
    _base_.flip,
    _base_.wsss_colour_jitter,
    _base_.tags_pack,
]
labeled_dataset = dict(
    _base_.labeled_dataset, ann_file='train.txt',
    pipeline=wsss_train_pipeline)
train_dataloader = dict(dataset=dict(datasets=[labeled_dataset]))
