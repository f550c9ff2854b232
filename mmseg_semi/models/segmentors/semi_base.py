"""The multi-model base of every method: named sub-models, nothing else."""
import copy
from typing import Dict, List, Optional, Tuple

from torch import Tensor

from mmseg.models.segmentors import BaseSegmentor
from mmseg.registry import MODELS
from mmseg.utils import (ConfigType, OptConfigType, OptMultiConfig,
                         SampleList)
from ..data_preprocessors import MultiBranchSegDataPreProcessor
from ..multi_model import MultiModelMixin
from ..utils import (IGNORE_INDEX, ClassFilter, check_ignore_convention,
                     predict_with_class_filter)

MultiViewInputs = Dict[str, Tensor]
MultiViewSamples = Dict[str, SampleList]


@MODELS.register_module()
class SemiBaseSegmentor(MultiModelMixin, BaseSegmentor):
    """Named sub-models trained together: the base of every method.

    It knows sub-models, not losses. From :class:`MultiModelMixin` (shared
    with the image classifiers of :mod:`..classifiers`): building, freezing
    by name, wrapper-aware access and wrapper-free checkpoint keys. Its
    own:

    - **copies of one MMSeg segmentor** (``segmentor``, e.g.
      ``EncoderDecoder``), one per name in :attr:`segmentor_names`
      (``student``/``teacher``, ``branch1``/``branch2``, ...);
    - **other modules** (a discriminator, a generator, a classifier), each
      built from its own config by a subclass with :meth:`add_submodel`;
    - **prediction dispatch** to the sub-model named by
      ``semi_test_cfg.predict_on`` (``predict``, ``_forward``,
      ``extract_feat``, ``encode_decode``);
    - **checkpoint mapping**: a plain MMSeg checkpoint (no sub-model prefix)
      loads into every segmentor copy, so ``load_from`` a supervised model
      just works; :func:`export_student.py` does the reverse.

    Methods subclass it and add their loss (or, for adversarial methods,
    their ``train_step``), composing the steps of ``models/utils``.
    Training batches come from :class:`MultiBranchSegDataPreProcessor`::

        inputs       = {'sup': (B_l, 3, H, W), 'unsup_weak': (B_u, 3, H, W),
                        ...}
        data_samples = {view: list of SegDataSample}

    Unlabelled views carry the content/padding map of
    :class:`LoadEmptySegAnnotation` as ``gt_sem_seg`` (``UNLABELED_FILL`` on
    content, ``IGNORE_INDEX`` on padding); the build checks that padding and
    the heads' ``ignore_index`` are ``IGNORE_INDEX``.

    Class attributes set by a method:

    - ``segmentor_names``: names of the segmentor copies, in order;
    - ``frozen_submodels``: names kept frozen (a subset of all names);
    - ``ema_teachers``: ``{teacher: student}`` pairs averaged by
      :class:`MeanTeacherHook` (the hook reads them from here, so the model
      and the hook cannot disagree);
    - ``required_views``: views every training batch must have;
    - ``extra_predict_modes``: ``predict_on`` values that are not a
      sub-model (e.g. an ensemble).

    Args:
        segmentor (dict): MMSeg segmentor config, built once per name of
            :attr:`segmentor_names`.
        semi_train_cfg (dict, optional): the method's training settings.
        semi_test_cfg (dict, optional): ``predict_on`` (default: the first
            frozen segmentor copy, else the first copy); ``class_filter``
            (optional): remove classes an image-level classifier rates absent
            before the argmax (MLMT fusion), the arguments of
            :class:`ClassFilter`, e.g. ``dict(scores=dict(
            type='ClassScoreFile', file='scores.json'), threshold=0.2)``.
        data_preprocessor (dict, optional): defaults to a
            :class:`MultiBranchSegDataPreProcessor` wrapping the segmentor's
            own ``data_preprocessor``.
        init_cfg (dict, optional): MMEngine init config.
    """
    segmentor_names: Tuple[str, ...] = ('student', 'teacher')
    frozen_submodels: Tuple[str, ...] = ('teacher', )
    ema_teachers: Dict[str, str] = {}
    required_views: Tuple[str, ...] = ('sup', )
    extra_predict_modes: Tuple[str, ...] = ()

    def __init__(self,
                 segmentor: ConfigType,
                 semi_train_cfg: OptConfigType = None,
                 semi_test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        super().__init__(
            data_preprocessor=self.multi_branch_preprocessor(
                data_preprocessor, segmentor),
            init_cfg=init_cfg)
        self.init_submodels(semi_train_cfg, semi_test_cfg)
        for name in self.segmentor_names:
            self.add_submodel(name, copy.deepcopy(segmentor))
        first = self.get_module(self.segmentor_names[0])
        check_ignore_convention(first, self._seg_pad_val(),
                                f'{type(self).__name__}.segmentor')
        if isinstance(self.data_preprocessor,
                      MultiBranchSegDataPreProcessor):
            self.data_preprocessor.set_label_check(first.num_classes)
        default = (self.frozen_submodels or self.segmentor_names)[0]
        self.predict_on = self.semi_test_cfg.get('predict_on', default)
        filter_cfg = self.semi_test_cfg.get('class_filter')
        self.class_filter = ClassFilter(**filter_cfg) if filter_cfg else None

    # ------------------------------------------------------ segmentor copies
    def _seg_pad_val(self) -> int:
        preprocessor = self.data_preprocessor
        inner = getattr(preprocessor, 'data_preprocessor', preprocessor)
        return getattr(inner, 'seg_pad_val', IGNORE_INDEX)

    @property
    def num_classes(self) -> int:
        return self.get_module(self.segmentor_names[0]).num_classes

    # ------------------------------------------------------------ prediction
    def check_predict_mode(self, name: str, what: str) -> str:
        """Return ``name`` if the model can predict with it (a segmentor
        copy or one of :attr:`extra_predict_modes`), else raise."""
        choices = self.segmentor_names + self.extra_predict_modes
        if name not in choices:
            raise ValueError(
                f'{what}={name!r} is not a segmentor of '
                f'{type(self).__name__}; choose one of {list(choices)}')
        return name

    @property
    def predict_on(self) -> str:
        """Name of the sub-model used for inference and validation."""
        return self._predict_on

    @predict_on.setter
    def predict_on(self, name: str) -> None:
        self._predict_on = self.check_predict_mode(
            name, 'semi_test_cfg.predict_on')

    @property
    def predict_model(self) -> BaseSegmentor:
        return self.get_module(self.predict_on)

    @property
    def align_corners(self) -> bool:
        return self.predict_model.align_corners

    def extract_feat(self, inputs: Tensor) -> List[Tensor]:
        return self.predict_model.extract_feat(inputs)

    def encode_decode(self, inputs: Tensor,
                      batch_img_metas: List[dict]) -> Tensor:
        return self.predict_model.encode_decode(inputs, batch_img_metas)

    def predict(self,
                inputs: Tensor,
                data_samples: Optional[SampleList] = None) -> SampleList:
        if self.class_filter is not None:
            return predict_with_class_filter(self.predict_model,
                                             self.class_filter, inputs,
                                             data_samples)
        return self.predict_model.predict(inputs, data_samples)

    def _forward(self,
                 inputs: Tensor,
                 data_samples: Optional[SampleList] = None) -> Tensor:
        return self.predict_model._forward(inputs, data_samples)

    def loss(self, inputs: MultiViewInputs,
             data_samples: MultiViewSamples) -> dict:
        raise TypeError(
            f'{type(self).__name__} is the multi-model base and has no '
            'loss: use a method (MeanTeacherSegmentor, CPSSegmentor, ...)')

    # ---------------------------------------------------------- checkpoints
    def _load_from_state_dict(self, state_dict: dict, prefix: str,
                              local_metadata: dict, strict: bool,
                              missing_keys: list, unexpected_keys: list,
                              error_msgs: list) -> None:
        """Copy a plain segmentor checkpoint into every segmentor copy (the
        mixin then routes keys of separately wrapped sub-models)."""
        own_keys = [k for k in state_dict if k.startswith(prefix)]
        is_plain = own_keys and not any(
            k[len(prefix):].split('.', 1)[0] in self._submodel_names
            for k in own_keys)
        if is_plain:
            for key in own_keys:
                value = state_dict.pop(key)
                for name in self.segmentor_names:
                    state_dict[f'{prefix}{name}.{key[len(prefix):]}'] = value
        super()._load_from_state_dict(state_dict, prefix, local_metadata,
                                      strict, missing_keys, unexpected_keys,
                                      error_msgs)
