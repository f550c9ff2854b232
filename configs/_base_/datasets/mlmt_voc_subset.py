# MLMT on the VOC subset (mlmt_views.py): the 92 labelled images of the
# quality benchmark's split with the classes of their masks, the other
# 1372 train images unlabelled, 192x192 (the benchmark's crop size), 4
# labelled + 8 unlabelled images per batch; validation: image-level mAP and
# recall/precision at MLMT's tau on the 245 val images.
_base_ = ['./voc_subset.py', './mlmt_views.py']

mlmt_scale = (192, 192)
mlmt_num_classes = 21
labeled_batch_size = 4
unlabeled_batch_size = 8
batch_size = labeled_batch_size + unlabeled_batch_size

mlmt_resize = dict(type='Resize', scale=mlmt_scale, keep_ratio=False)
load_mlmt_labeled = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='LoadImageLevelLabels', num_classes=mlmt_num_classes),
]
mlmt_test_pipeline = [*load_mlmt_labeled, mlmt_resize, _base_.tags_pack]
# what tools/analysis_tools/export_class_scores.py and ClassifierScores run
# on any image (no mask needed)
score_pipeline = [
    dict(type='LoadImageFromFile'), mlmt_resize, _base_.tags_pack
]

labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[*load_mlmt_labeled, mlmt_resize, _base_.mlmt_sup_views])
unlabeled_dataset = dict(
    labeled_dataset,
    data_prefix=dict(img_path='JPEGImages'),
    ann_file='splits/{split}/unlabeled.txt',
    pipeline=[
        dict(type='LoadImageFromFile'), mlmt_resize, _base_.mlmt_unsup_views
    ])
train_dataloader = dict(
    batch_size=batch_size,
    sampler=dict(
        batch_size=batch_size,
        source_ratio=[labeled_batch_size, unlabeled_batch_size]),
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
val_dataloader = dict(
    batch_size=8, dataset=dict(pipeline=mlmt_test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    _delete_=True,
    type='ImageLabelMetric',
    num_classes=mlmt_num_classes,
    thresholds=(0.2, 0.5))
test_evaluator = val_evaluator
