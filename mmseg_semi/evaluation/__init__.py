from .metrics import (ClassSubsetIoUMetric, ImageLabelMetric,
                      PseudoLabelQualityMetric)

__all__ = [
    'ClassSubsetIoUMetric', 'ImageLabelMetric', 'PseudoLabelQualityMetric'
]
