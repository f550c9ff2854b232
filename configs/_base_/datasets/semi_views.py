# The views every semi-supervised dataset config packs, and the photometric
# augmentation of the strong view (UniMatch's: colour jitter 0.5/0.5/0.5/0.25
# with p 0.8, grayscale p 0.2, Gaussian blur sigma 0.1-2 with p 0.5). It only
# changes pixel values, so the strong view keeps the weak view's geometry.
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
