# Weakly supervised CamVid: all 367 train frames with their tags only
# (LoadImageLevelLabels on the whole, uncropped mask; the loss never reads
# the mask), in CamVidTagsDataset's label space: the 11 classes at 1-11
# behind a "none" class 0 that stands for single-stage WSSS's constant
# background channel (never tagged, never in a label, not in mIoU, switched
# off at test time). As the reference (RandomResizedCrop keeping 90-100 %
# of the image), the whole frame is resized to the benchmark's crop size
# (176x224, so the tags stay true); flip; colour jitter 0.3/0.3/0.3/0.1
# always.
# Almost every CamVid frame shows most of the 11 classes, so the tags say
# little about an image: a hard setting for image-level supervision.
_base_ = ['./camvid.py', './wsss_parts.py']

dataset_type = 'CamVidTagsDataset'
wsss_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='LoadImageLevelLabels', num_classes=12, exclude_classes=(0, )),
    # (w, h) = the crop's (h, w) reversed
    dict(type='Resize', scale=_base_.crop_size[::-1], keep_ratio=False),
    _base_.flip,
    _base_.wsss_colour_jitter,
    _base_.tags_pack,
]
labeled_dataset = dict(
    _base_.labeled_dataset,
    type=dataset_type,
    ann_file='train.txt',
    pipeline=wsss_train_pipeline)
train_dataloader = dict(
    batch_size=8,
    sampler=dict(batch_size=8),
    dataset=dict(datasets=[labeled_dataset]))
val_dataloader = dict(dataset=dict(type=dataset_type))
test_dataloader = val_dataloader
