# What the weakly supervised dataset configs share: PackSegInputs keeping
# the image tags (tags_pack) and the reference's colour jitter
# (0.3/0.3/0.3/0.1, always applied).
_base_ = ['./image_tags_pack.py']

wsss_colour_jitter = dict(
    type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3,
    hue=0.1, prob=1.0)
