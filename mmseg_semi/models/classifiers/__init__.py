from .mlmt import MLMTClassifier
from .multi_label_classifier import MultiLabelClassifier, scores_to_samples

__all__ = ['MLMTClassifier', 'MultiLabelClassifier', 'scores_to_samples']
