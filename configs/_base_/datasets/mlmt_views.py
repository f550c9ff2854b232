# MLMT's image-level data (reference/cps_s4gan.md 2.4), as named parts for
# a dataset config: every image is resized to a square (aspect distorted,
# as the official Resize(320, 320)) and carries the classes of its mask as
# `gt_label` (LoadImageLevelLabels; tags_pack keeps it as a meta key).
# Labelled images: flip, view 'sup'. Unlabelled images, two views with
# their own flips: 'unsup_weak' (the teacher's: flip only) and
# 'unsup_strong' (the student's: colour jitter 0.4/0.4/0.4/0.1 and a
# Gaussian blur with sigma in [0.1, 2], both always applied). The dataset
# configs (mlmt_voc_subset.py, mlmt_voc12aug.py) add the loading with their
# number of classes and the resize to their scale:
#   labelled:   [LoadImageFromFile, LoadAnnotations, LoadImageLevelLabels,
#                Resize, mlmt_sup_views]
#   unlabelled: [LoadImageFromFile, Resize, mlmt_unsup_views]
_base_ = ['./image_tags_pack.py']

mlmt_branch_field = ['sup', 'unsup_weak', 'unsup_strong']
mlmt_flip = dict(type='RandomFlip', prob=0.5)
mlmt_strong_photometric = [
    dict(
        type='ColorJitter',
        brightness=0.4,
        contrast=0.4,
        saturation=0.4,
        hue=0.1,
        prob=1.0),
    dict(type='RandomGaussianBlur', sigma_range=(0.1, 2.0), prob=1.0),
]
mlmt_sup_views = dict(
    type='MultiBranch',
    branch_field=mlmt_branch_field,
    sup=[mlmt_flip, _base_.tags_pack])
mlmt_unsup_views = dict(
    type='MultiBranch',
    branch_field=mlmt_branch_field,
    unsup_weak=[mlmt_flip, _base_.tags_pack],
    unsup_strong=[mlmt_flip, *mlmt_strong_photometric, _base_.tags_pack])
