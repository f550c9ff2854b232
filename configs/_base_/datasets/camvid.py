# CamVid (11 classes), labelled images only: the supervised baseline of the
# semi-supervised CamVid configs. CPU-sized: frames are used at half
# resolution (240x180), cropped to 176x224; evaluation scores predictions
# resized back to the full-resolution labels.
#
# data_root layout (link the four folders and val.txt of CamVid into
# data/camvid; the split lists under data/camvid/splits are in the repo,
# written by tools/misc/split_dataset.py with seed 0):
#   train/ trainannot/ val/ valannot/ val.txt splits/<split>/labeled.txt
# Another split: train_dataloader = dict(dataset=dict(split='1-4')).
#
# The labelled source is sampled as in the semi-supervised configs
# (MultiSourceSampler over a SemiConcatDataset, here with one source): with
# the same seed the baseline sees the very labelled crops the
# semi-supervised runs see, and a resumed run continues exactly.
dataset_type = 'CamVidDataset'
data_root = 'data/camvid'
img_suffix = '.png'
img_scale = (240, 180)  # (w, h)
crop_size = (176, 224)  # (h, w)

resize = dict(
    type='RandomResize', scale=img_scale, ratio_range=(0.75, 1.5),
    keep_ratio=True)
crop = dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75)
flip = dict(type='RandomFlip', prob=0.5)
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'), resize, crop, flip,
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=img_scale, keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]

labeled_dataset = dict(
    type=dataset_type,
    data_root=data_root,
    img_suffix=img_suffix,
    data_prefix=dict(img_path='train', seg_map_path='trainannot'),
    ann_file='splits/{split}/labeled.txt',
    pipeline=train_pipeline)

train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='MultiSourceSampler', batch_size=4, source_ratio=[1]),
    dataset=dict(
        type='SemiConcatDataset', split='1-8', datasets=[labeled_dataset]))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        labeled_dataset,
        data_prefix=dict(img_path='val', seg_map_path='valannot'),
        ann_file='val.txt',
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
