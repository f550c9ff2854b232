# The views every semi-supervised dataset config packs, as named parts:
# a labelled pipeline ends with `sup_views`, an unlabelled one with
# `unsup_views` (methods that need only the weak view, e.g. CPS, compose
# `unsup_weak_views` instead; see configs/cps). The strong view adds
# UniMatch's photometric augmentation (colour jitter 0.5/0.5/0.5/0.25 with
# p 0.8, grayscale p 0.2, Gaussian blur sigma 0.1-2 with p 0.5); it only
# changes pixel values, so it keeps the weak view's geometry.
branch_field = ['sup', 'unsup_weak', 'unsup_strong']
strong_photometric = [
    dict(
        type='ColorJitter',
        brightness=0.5,
        contrast=0.5,
        saturation=0.5,
        hue=0.25,
        prob=0.8),
    dict(
        type='RandomGrayscale',
        prob=0.2,
        keep_channels=True,
        channel_weights=(0.114, 0.587, 0.299)),  # BGR luma
    dict(type='RandomGaussianBlur', sigma_range=(0.1, 2.0), prob=0.5),
]
sup_views = dict(
    type='MultiBranch',
    branch_field=branch_field,
    sup=dict(type='PackSegInputs'))
unsup_weak_views = dict(
    type='MultiBranch',
    branch_field=branch_field,
    unsup_weak=dict(type='PackSegInputs'))
unsup_views = dict(
    unsup_weak_views,
    unsup_strong=[*strong_photometric, dict(type='PackSegInputs')])
load_labeled = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations')]
load_unlabeled = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadEmptySegAnnotation')
]
