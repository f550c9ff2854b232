# MLMT on semi-supervised VOC-aug (semi_voc12aug.py's splits, so the
# labelled images are those of the s4GAN config of the same split), with
# the official data (reference/cps_s4gan.md 2.4): every image resized to
# 320x320, 16 labelled + 80 unlabelled images per iteration over 4 GPUs.
# Validation: image-level mAP and recall/precision at tau on VOC val.
_base_ = ['./semi_voc12aug.py', './mlmt_views.py']

mlmt_scale = (320, 320)
mlmt_num_classes = 21
labeled_batch_size = 4  # per GPU
unlabeled_batch_size = 20  # per GPU
batch_size = labeled_batch_size + unlabeled_batch_size

mlmt_resize = dict(type='Resize', scale=mlmt_scale, keep_ratio=False)
load_mlmt_labeled = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='LoadImageLevelLabels', num_classes=mlmt_num_classes),
]
mlmt_test_pipeline = [*load_mlmt_labeled, mlmt_resize, _base_.tags_pack]
score_pipeline = [
    dict(type='LoadImageFromFile'), mlmt_resize, _base_.tags_pack
]

labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[*load_mlmt_labeled, mlmt_resize, _base_.mlmt_sup_views])
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
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
    batch_size=16, dataset=dict(pipeline=mlmt_test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    _delete_=True,
    type='ImageLabelMetric',
    num_classes=mlmt_num_classes,
    thresholds=(0.2, 0.5))
test_evaluator = val_evaluator
