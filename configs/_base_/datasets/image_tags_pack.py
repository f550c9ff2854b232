# PackSegInputs keeping the image tags (gt_label, written by
# LoadImageLevelLabels) as a meta key, for the losses that read them: the
# MLMT classifier's (mlmt_views.py) and the weakly supervised segmentor's
# (wsss_parts.py).
tags_meta_keys = ('img_path', 'seg_map_path', 'ori_shape', 'img_shape',
                  'pad_shape', 'scale_factor', 'flip', 'flip_direction',
                  'reduce_zero_label', 'gt_label')
tags_pack = dict(type='PackSegInputs', meta_keys=tags_meta_keys)
