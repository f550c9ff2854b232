from .class_filter import (ClassFilter, ClassScoreFile, filter_class_logits,
                           predict_with_class_filter)
from .cutmix import BoxMaskGenerator, cutmix_partners, mix_by_mask
from .discriminator_inputs import (class_map_with_image, min_max_scale,
                                   one_hot_labels)
from .forward import (decode_head_logits, encoder_features,
                      segmentor_logits, supervised_losses,
                      supervised_losses_and_logits, to_input_size)
from .labels import (IGNORE_INDEX, UNLABELED_FILL, check_ignore_convention,
                     check_label_values)
from .pseudo_label import (PseudoLabels, pseudo_labels_from_logits,
                           valid_pixel_mask)
from .rampup import sigmoid_rampup
from .step_random import current_iter, step_generator

__all__ = [
    'ClassFilter', 'ClassScoreFile', 'filter_class_logits',
    'predict_with_class_filter',
    'BoxMaskGenerator', 'cutmix_partners', 'mix_by_mask',
    'class_map_with_image', 'min_max_scale', 'one_hot_labels',
    'decode_head_logits', 'encoder_features', 'segmentor_logits',
    'supervised_losses', 'supervised_losses_and_logits', 'to_input_size',
    'IGNORE_INDEX', 'UNLABELED_FILL', 'check_ignore_convention',
    'check_label_values', 'PseudoLabels', 'pseudo_labels_from_logits',
    'valid_pixel_mask', 'sigmoid_rampup', 'current_iter', 'step_generator'
]
