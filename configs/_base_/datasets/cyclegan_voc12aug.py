# CycleGAN's VOC data (reference/wseg_cyclegan.md B3, B5) on the
# semi-supervised VOC-aug splits of semi_voc12aug.py: every image resized
# (not cropped) to 200x200, no augmentation, masks resized nearest; 5
# labelled + 5 unlabelled images per batch on 1 GPU; only the weak view.
# Validation: MMSeg's VOC val (not the reference's random 15 % of
# trainval-aug), the image resized to 200x200 for the network and the
# prediction scored at the original resolution with MMSeg's IoUMetric
# (21 classes, boundaries ignored; the reference scores at 200x200 on the
# 20 foreground classes).
_base_ = ['./semi_voc12aug.py']

image_size = (200, 200)
fixed_resize = dict(type='Resize', scale=image_size, keep_ratio=False)
labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[*_base_.load_labeled, fixed_resize, _base_.sup_views])
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.load_unlabeled, fixed_resize, _base_.unsup_weak_views])
train_dataloader = dict(
    batch_size=10,
    sampler=dict(batch_size=10, source_ratio=[5, 5]),
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
test_pipeline = [
    dict(type='LoadImageFromFile'), fixed_resize,
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
