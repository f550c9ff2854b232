"""Any MMSeg segmentor with MLMT's image-level class filter at test time."""
from typing import List, Optional

from torch import Tensor

from mmseg.models.segmentors import BaseSegmentor
from mmseg.registry import MODELS
from mmseg.utils import ConfigType, OptMultiConfig, SampleList
from ..utils import ClassFilter, predict_with_class_filter


@MODELS.register_module()
class ClassFilteredSegmentor(BaseSegmentor):
    """Wrap a plain MMSeg segmentor so that its predictions drop the classes
    an image-level classifier rates absent (MLMT fusion, Mittal et al.):
    the logits of classes whose score is below ``threshold`` are masked
    before the argmax (:func:`filter_class_logits`). This package's own
    segmentors take the same setting as ``semi_test_cfg.class_filter``.

    Test-time only: ``loss`` is refused. The wrapped model's checkpoint
    loads unchanged under the ``segmentor.`` prefix, or as it is (plain
    keys are mapped)::

        model = dict(type='ClassFilteredSegmentor',
                     segmentor=<MMSeg segmentor config>,
                     class_filter=dict(scores=dict(type='ClassScoreFile',
                                                   file='scores.json'),
                                       threshold=0.2))

    Args:
        segmentor (dict): MMSeg segmentor config (e.g. ``EncoderDecoder``).
        class_filter (dict): the arguments of :class:`ClassFilter`.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 segmentor: ConfigType,
                 class_filter: dict,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            data_preprocessor=segmentor.get('data_preprocessor'),
            init_cfg=init_cfg)
        segmentor = dict(segmentor)
        segmentor.pop('data_preprocessor', None)  # runs here, once
        self.segmentor = MODELS.build(segmentor)
        self.class_filter = ClassFilter(**class_filter)

    @property
    def align_corners(self) -> bool:
        return self.segmentor.align_corners

    @property
    def num_classes(self) -> int:
        return self.segmentor.num_classes

    def extract_feat(self, inputs: Tensor) -> List[Tensor]:
        return self.segmentor.extract_feat(inputs)

    def encode_decode(self, inputs: Tensor,
                      batch_img_metas: List[dict]) -> Tensor:
        return self.segmentor.encode_decode(inputs, batch_img_metas)

    def predict(self,
                inputs: Tensor,
                data_samples: Optional[SampleList] = None) -> SampleList:
        return predict_with_class_filter(self.segmentor, self.class_filter,
                                         inputs, data_samples)

    def _forward(self,
                 inputs: Tensor,
                 data_samples: Optional[SampleList] = None) -> Tensor:
        return self.segmentor._forward(inputs, data_samples)

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        raise TypeError('ClassFilteredSegmentor is for testing; train the '
                        'wrapped segmentor itself')

    def _load_from_state_dict(self, state_dict: dict, prefix: str,
                              local_metadata: dict, strict: bool,
                              missing_keys: list, unexpected_keys: list,
                              error_msgs: list) -> None:
        """A plain checkpoint of the wrapped segmentor loads as it is."""
        own = [k for k in state_dict if k.startswith(prefix)]
        if own and not any(k.startswith(prefix + 'segmentor.')
                           for k in own):
            for key in own:
                state_dict[f'{prefix}segmentor.{key[len(prefix):]}'] = \
                    state_dict.pop(key)
        super()._load_from_state_dict(state_dict, prefix, local_metadata,
                                      strict, missing_keys, unexpected_keys,
                                      error_msgs)
