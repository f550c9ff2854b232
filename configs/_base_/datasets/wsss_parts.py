# What the weakly supervised dataset configs share: PackSegInputs keeping
# the image tags (gt_label, from LoadImageLevelLabels) as a meta key, and
# the reference's colour jitter (0.3/0.3/0.3/0.1, always applied).
wsss_meta_keys = ('img_path', 'seg_map_path', 'ori_shape', 'img_shape',
                  'pad_shape', 'scale_factor', 'flip', 'flip_direction',
                  'reduce_zero_label', 'gt_label')
wsss_pack = dict(type='PackSegInputs', meta_keys=wsss_meta_keys)
wsss_colour_jitter = dict(
    type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3,
    hue=0.1, prob=1.0)
