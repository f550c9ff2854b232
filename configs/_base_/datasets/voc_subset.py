# The VOC subset (../shared/data/voc_subset: real VOC 2012 frames and
# masks, 21 classes, 1464 train + 245 val images, longer side 320 px,
# animal-heavy), labelled images only: the supervised baselines of the
# quality benchmark. Not PASCAL VOC: report results as "VOC subset".
#
# data_root layout (link JPEGImages/, SegmentationClass/, train.txt and
# val.txt of the subset into data/voc_subset; the split lists under
# data/voc_subset/splits are in the repo, written by
#   python tools/misc/split_dataset.py voc_subset ../shared/data/voc_subset \
#       --num-labeled 92 --out-dir data/voc_subset/splits
# tools/analysis_tools/benchmark_quality.py links the data by itself).
# The labelled source is sampled as in the semi-supervised configs, so with
# the same seed the baseline sees the very labelled crops they see.
dataset_type = 'PascalVOCDataset'
data_root = 'data/voc_subset'
crop_size = (192, 192)

resize = dict(
    type='RandomResize', scale=(320, 240), ratio_range=(0.5, 2.0),
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
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs'),
]

labeled_dataset = dict(
    type=dataset_type,
    data_root=data_root,
    data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
    ann_file='splits/{split}/labeled.txt',
    pipeline=train_pipeline)

train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='MultiSourceSampler', batch_size=8, source_ratio=[1]),
    dataset=dict(
        type='SemiConcatDataset', split='92', datasets=[labeled_dataset]))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        labeled_dataset, ann_file='val.txt', pipeline=test_pipeline))
test_dataloader = val_dataloader
# mIoU is MMSeg's: the mean over the classes present (15 in val; 8 of them
# occur in only 1-11 of its 245 images). mIoU_frequent is the mean over
# the 7 classes found in at least 20 val images (counts in the subset's
# README), the steadier signal of the quality benchmark (docs/benchmarks.md).
frequent_classes = ('background', 'cat', 'cow', 'dog', 'horse', 'person',
                    'sheep')
val_evaluator = dict(
    type='ClassSubsetIoUMetric',
    iou_metrics=['mIoU'],
    subsets=dict(frequent=frequent_classes))
test_evaluator = val_evaluator
