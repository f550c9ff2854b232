from .class_filter import (ClassFilter, ClassScoreFile, filter_class_logits,
                           predict_with_class_filter)
from .classifier_scores import (ClassifierScores, class_scores,
                                load_classifier, score_pipeline_of)
from .cutmix import BoxMaskGenerator, cutmix_partners, mix_by_mask
from .discriminator_inputs import (class_map_with_image, min_max_scale,
                                   one_hot_labels)
from .forward import (decode_head_logits, encoder_features,
                      segmentor_logits, supervised_losses,
                      supervised_losses_and_logits, to_input_size,
                      train_mode)
from .history_pool import HistoryPool
from .image_range import from_tanh_range, normalisation_of, to_tanh_range
from .labels import (IGNORE_INDEX, UNLABELED_FILL, check_ignore_convention,
                     check_label_values, image_label_targets)
from .ngwp import normalised_global_weighted_pooling
from .pamr import PAMR, neighbour_stack
from .pseudo_label import (PseudoLabels, pseudo_labels_from_logits,
                           valid_pixel_mask)
from .rampup import linear_rampup, sigmoid_rampup
from .step_random import current_iter, step_generator
from .stochastic_gate import StochasticGate
from .wsss_pseudo_label import masks_to_pseudo_labels, remove_absent_classes

__all__ = [
    'ClassFilter', 'ClassScoreFile', 'filter_class_logits',
    'predict_with_class_filter', 'ClassifierScores', 'class_scores',
    'load_classifier', 'score_pipeline_of',
    'BoxMaskGenerator', 'cutmix_partners', 'mix_by_mask',
    'class_map_with_image', 'min_max_scale', 'one_hot_labels',
    'decode_head_logits', 'encoder_features', 'segmentor_logits',
    'supervised_losses', 'supervised_losses_and_logits', 'to_input_size',
    'train_mode', 'image_label_targets', 'linear_rampup',
    'normalised_global_weighted_pooling', 'PAMR', 'neighbour_stack',
    'StochasticGate', 'masks_to_pseudo_labels', 'remove_absent_classes',
    'IGNORE_INDEX', 'UNLABELED_FILL', 'check_ignore_convention',
    'check_label_values', 'PseudoLabels', 'pseudo_labels_from_logits',
    'valid_pixel_mask', 'sigmoid_rampup', 'current_iter', 'step_generator',
    'HistoryPool', 'from_tanh_range', 'normalisation_of', 'to_tanh_range'
]
