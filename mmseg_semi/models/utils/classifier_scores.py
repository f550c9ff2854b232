"""Image-level class scores from a trained classifier (MLMT's teacher or a
plain :class:`MultiLabelClassifier`): the second score source of
:class:`ClassFilter`, next to :class:`ClassScoreFile`."""
from typing import List, Optional, Sequence, Union

import torch
from mmcv.transforms import Compose
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.runner import load_checkpoint
from torch import Tensor, nn

from mmseg.registry import MODELS, TASK_UTILS
from mmseg.structures import SegDataSample


def load_classifier(config: Union[str, Config], checkpoint: str,
                    device: str = 'cpu') -> nn.Module:
    """Build the model of ``config`` (a path or a loaded config), load
    ``checkpoint`` into it and put it in eval mode on ``device``. An
    :class:`MLMTClassifier` predicts with its ``semi_test_cfg.predict_on``,
    the teacher by default."""
    cfg = Config.fromfile(config) if isinstance(config, str) else config
    model = MODELS.build(cfg.model)
    load_checkpoint(model, checkpoint, map_location='cpu', strict=True)
    return model.to(device).eval()


def score_pipeline_of(config: str,
                      pipeline: Optional[Sequence[dict]] = None) -> Compose:
    """``pipeline``, or the ``score_pipeline`` of ``config`` (the
    classifier's test-time preprocessing of an image file, no mask)."""
    if pipeline is None:
        pipeline = Config.fromfile(config).get('score_pipeline')
        if pipeline is None:
            raise KeyError(
                f'{config} defines no score_pipeline (the transforms that '
                'turn an image file into the classifier\'s input, e.g. '
                '[LoadImageFromFile, Resize, PackSegInputs]); add one or '
                'pass pipeline=')
    return Compose(list(pipeline))


@torch.no_grad()
def class_scores(model: nn.Module, data_batch: dict) -> Tensor:
    """(N, C) scores ``model`` predicts for a collated batch (the
    ``pred_score`` of each predicted sample)."""
    samples = model.test_step(data_batch)
    return torch.stack([s.pred_score for s in samples]).float().cpu()


@TASK_UTILS.register_module()
class ClassifierScores:
    """Image-level class scores computed by a trained classifier on the
    segmented image itself, read again from its ``img_path`` and
    preprocessed as the classifier expects.

    Args:
        config (str): the classifier's config (e.g. a config of
            ``configs/mlmt``).
        checkpoint (str): its checkpoint.
        pipeline (list[dict], optional): defaults to the config's
            ``score_pipeline``.
        device (str): where the classifier runs. Defaults to 'cpu'.
    """

    def __init__(self,
                 config: str,
                 checkpoint: str,
                 pipeline: Optional[Sequence[dict]] = None,
                 device: str = 'cpu') -> None:
        self.model = load_classifier(config, checkpoint, device)
        self.pipeline = score_pipeline_of(config, pipeline)

    def __call__(self, data_samples: List[SegDataSample]) -> Tensor:
        """(N, C) scores of the samples' images."""
        items = []
        for sample in data_samples:
            if 'img_path' not in sample.metainfo:
                raise KeyError('ClassifierScores needs the img_path of each '
                               'sample (PackSegInputs meta key)')
            items.append(
                self.pipeline(dict(img_path=sample.metainfo['img_path'])))
        return class_scores(self.model, pseudo_collate(items))
