# CycleGAN's Cityscapes data (reference/wseg_cyclegan.md B3, B5) on the
# semi-supervised splits of semi_cityscapes.py: every image resized (not
# cropped) to 128x256, no augmentation, masks resized nearest; 5 labelled
# + 5 unlabelled images per batch on 1 GPU; only the weak view. The 19
# train ids with void ignored (the reference trains void as a 20th class).
# Validation: MMSeg's Cityscapes val, the image resized to 128x256 for the
# network and the prediction scored at 1024x2048 with MMSeg's IoUMetric.
_base_ = ['./semi_cityscapes.py']

image_size = (256, 128)  # (w, h)
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
