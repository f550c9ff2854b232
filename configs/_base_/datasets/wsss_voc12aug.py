# Weakly supervised PASCAL VOC 2012 + SBD ("aug", 10582 train images,
# MMSeg's layout: data/VOCdevkit/VOC2012 with SegmentationClassAug/ and
# ImageSets/Segmentation/trainaug.txt from MMSeg's voc_aug.py): each image
# with its foreground tags only (taken from its whole SBD/VOC mask, the
# background left out; the loss never reads the mask), 2 GPUs x 8 images.
# Augmentation (reference/wseg_cyclegan.md A4): the reference's
# RandomResizedCrop keeps 90-100 % of the image, so here the whole image is
# resized to 448x448; flip; colour jitter 0.3/0.3/0.3/0.1 always.
# Validation on VOC val at the original size; the ResNet settings of the
# reference gate classes with the ground-truth tags at test time, so the
# test pipeline loads them too.
_base_ = ['mmseg::_base_/datasets/pascal_voc12_aug.py', './wsss_parts.py']

crop_size = (448, 448)
load_tags = dict(
    type='LoadImageLevelLabels', num_classes=21, exclude_classes=(0, ))
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'), load_tags,
    dict(type='Resize', scale=crop_size, keep_ratio=False),
    dict(type='RandomFlip', prob=0.5),
    _base_.wsss_colour_jitter,
    _base_.tags_pack,
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'), load_tags,
    _base_.tags_pack,
]
train_dataloader = dict(
    _delete_=True,
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type='PascalVOCDataset',
        data_root=_base_.data_root,
        data_prefix=dict(
            img_path='JPEGImages', seg_map_path='SegmentationClassAug'),
        ann_file='ImageSets/Segmentation/trainaug.txt',
        pipeline=train_pipeline))
# tools/test.py --tta: the reference's ResNet test scales and flips; each
# view keeps its image tags for the test-time gating
img_ratios = [1.0, 0.75, 1.25, 1.5]
tta_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(
        type='TestTimeAug',
        transforms=[
            [
                dict(type='Resize', scale_factor=r, keep_ratio=True)
                for r in img_ratios
            ],
            [
                dict(type='RandomFlip', prob=0., direction='horizontal'),
                dict(type='RandomFlip', prob=1., direction='horizontal')
            ], [dict(type='LoadAnnotations')], [load_tags],
            [_base_.tags_pack]
        ])
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
