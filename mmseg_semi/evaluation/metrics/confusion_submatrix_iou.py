"""IoU from a sub-matrix of the confusion matrix: how the CycleGAN
segmentation reference scores (reference/wseg_cyclegan.md B6)."""
from typing import Dict, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric

from mmseg.registry import METRICS


@METRICS.register_module()
class ConfusionSubmatrixIoUMetric(BaseMetric):
    r"""Mean IoU over the rows and columns ``classes`` of the confusion
    matrix only.

    With :math:`M` the dataset's confusion matrix (rows: ground truth,
    columns: prediction) restricted to ``classes``,

    .. math::
        \mathrm{IoU}_c = \frac{M_{cc}}{\sum_j M_{cj} + \sum_i M_{ic}
            - M_{cc}},\qquad \mathrm{mIoU} = \mathrm{nanmean}_c\,
            \mathrm{IoU}_c,

    so a pixel whose true or predicted class is outside ``classes`` counts
    nowhere: with VOC's ``classes=range(1, 21)`` the confusions between an
    object and the background are dropped, which inflates the values. The
    CycleGAN reference reports VOC this way, with ignored pixels turned
    into background (``ignore_as=0``), at the training resolution (put
    :class:`ScoreAtInputSize` after the test pipeline's ``Resize`` and
    ``LoadAnnotations`` before it). MMSeg's ``IoUMetric`` is the standard
    number; this one is for comparing with the reference's tables.

    Reported: ``submatrix_mIoU`` (%, 2 decimals).

    Args:
        classes (Sequence[int]): class indices kept.
        ignore_index (int): label value of ignored pixels (255).
        ignore_as (int, optional): count ignored pixels as this class
            instead of leaving them out (the reference: 0 for VOC).
        collect_device, prefix: as MMEngine's ``BaseMetric``.
    """

    def __init__(self,
                 classes: Sequence[int],
                 ignore_index: int = 255,
                 ignore_as: Optional[int] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.classes = [int(c) for c in classes]
        if not self.classes:
            raise ValueError('ConfusionSubmatrixIoUMetric needs classes')
        self.ignore_index = ignore_index
        self.ignore_as = ignore_as

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        num_classes = len(self.dataset_meta['classes'])
        for sample in data_samples:
            pred = sample['pred_sem_seg']['data'].squeeze().cpu().long()
            label = sample['gt_sem_seg']['data'].squeeze().cpu().long()
            if pred.shape != label.shape:
                raise ValueError(
                    f'prediction {tuple(pred.shape)} and ground truth '
                    f'{tuple(label.shape)} of {sample.get("img_path")} '
                    'differ in size: to score at the input size, put '
                    'ScoreAtInputSize in the test pipeline')
            if self.ignore_as is not None:
                label = label.masked_fill(label == self.ignore_index,
                                          self.ignore_as)
            valid = label != self.ignore_index
            index = label[valid] * num_classes + pred[valid]
            self.results.append(
                torch.bincount(index, minlength=num_classes**2).reshape(
                    num_classes, num_classes))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        confusion = sum(results).double().numpy()
        num_classes = confusion.shape[0]
        bad = [c for c in self.classes if not 0 <= c < num_classes]
        if bad:
            raise ValueError(f'classes {bad} are outside the dataset\'s '
                             f'0..{num_classes - 1}')
        sub = confusion[np.ix_(self.classes, self.classes)]
        tp = np.diag(sub)
        with np.errstate(invalid='ignore', divide='ignore'):
            iou = tp / (sub.sum(0) + sub.sum(1) - tp)
        value = float(np.nanmean(iou)) if not np.all(np.isnan(iou)) \
            else float('nan')
        return dict(submatrix_mIoU=float(np.round(value * 100, 2)))
