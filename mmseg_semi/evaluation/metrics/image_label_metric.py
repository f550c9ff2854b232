"""How well an image classifier tells which classes an image contains."""
from typing import Dict, List, Sequence

import torch
from mmengine.evaluator import BaseMetric
from torch import Tensor

from mmseg.registry import METRICS


def average_precision(scores: Tensor, targets: Tensor) -> Tensor:
    r"""Non-interpolated average precision of each class.

    For class :math:`c` with images sorted by decreasing score,

    .. math::
        AP_c = \frac{1}{|P_c|}\sum_{k \in P_c} \mathrm{prec}@k,

    with :math:`P_c` the ranks of the images that contain :math:`c` (ties
    broken by input order). Classes absent from every image give NaN.

    Args:
        scores (Tensor): (N, C) scores.
        targets (Tensor): (N, C) multi-hot targets.

    Returns:
        Tensor: (C,) average precisions in [0, 1].
    """
    order = torch.argsort(scores, dim=0, descending=True, stable=True)
    hits = torch.gather(targets.float(), 0, order)
    ranks = torch.arange(1, scores.shape[0] + 1,
                         dtype=torch.float32)[:, None]
    precision_at_hits = hits.cumsum(0) / ranks * hits
    positives = hits.sum(0)
    return precision_at_hits.sum(0) / positives.where(
        positives > 0, torch.tensor(float('nan')))


@METRICS.register_module()
class ImageLabelMetric(BaseMetric):
    """Image-level multi-label quality of ``pred_score`` against the
    ``gt_label`` of each sample (:class:`LoadImageLevelLabels`).

    - ``mAP``: mean of :func:`average_precision` over the classes present
      in at least one image;
    - ``recall@t``: share of (image, present class) pairs scored
      :math:`\\ge t`, i.e. the present classes a class filter with
      threshold :math:`t` keeps (MLMT: :math:`t = 0.2`); a miss removes a
      true class from the segmentation;
    - ``precision@t``: share of the kept (image, class) pairs that are
      present.

    Values are percentages.

    Args:
        num_classes (int): C.
        thresholds (Sequence[float]): the :math:`t` values.
    """

    default_prefix = 'cls'

    def __init__(self, num_classes: int,
                 thresholds: Sequence[float] = (0.2, 0.5),
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.num_classes = num_classes
        self.thresholds = tuple(thresholds)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            if 'pred_score' not in sample or 'gt_label' not in sample:
                raise KeyError(
                    'ImageLabelMetric needs pred_score (a classifier\'s '
                    'prediction) and gt_label (LoadImageLevelLabels, packed '
                    f'as a meta key) in every sample; got {sorted(sample)}')
            target = torch.zeros(self.num_classes)
            target[torch.as_tensor(sample['gt_label'],
                                   dtype=torch.long)] = 1.0
            self.results.append(
                (sample['pred_score'].detach().cpu().float(), target))

    def compute_metrics(self, results: List[tuple]) -> Dict[str, float]:
        scores = torch.stack([score for score, _ in results])
        targets = torch.stack([target for _, target in results])
        ap = average_precision(scores, targets)
        metrics = {'mAP': 100.0 * ap[~ap.isnan()].mean().item()}
        present = targets.bool()
        for t in self.thresholds:
            kept = scores >= t
            metrics[f'recall@{t}'] = 100.0 * (
                (kept & present).sum() / present.sum().clamp(min=1)).item()
            metrics[f'precision@{t}'] = 100.0 * (
                (kept & present).sum() / kept.sum().clamp(min=1)).item()
        return metrics
