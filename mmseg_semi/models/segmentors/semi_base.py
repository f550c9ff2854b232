"""The multi-model base of every method: named sub-models, nothing else."""
import copy
from collections import OrderedDict
from typing import Dict, List, Optional, Tuple

from mmengine.config import ConfigDict
from mmengine.model import is_model_wrapper
from torch import Tensor, nn

from mmseg.models.segmentors import BaseSegmentor
from mmseg.registry import MODELS
from mmseg.utils import (ConfigType, OptConfigType, OptMultiConfig,
                         SampleList)
from ..data_preprocessors import MultiBranchSegDataPreProcessor
from ..utils import (IGNORE_INDEX, ClassFilter, check_ignore_convention,
                     predict_with_class_filter)

MultiViewInputs = Dict[str, Tensor]
MultiViewSamples = Dict[str, SampleList]


@MODELS.register_module()
class SemiBaseSegmentor(BaseSegmentor):
    """Named sub-models trained together: the base of every method.

    It knows sub-models, not losses:

    - **copies of one MMSeg segmentor** (``segmentor``, e.g.
      ``EncoderDecoder``), one per name in :attr:`segmentor_names`
      (``student``/``teacher``, ``branch1``/``branch2``, ...);
    - **other modules** (a discriminator, a generator, a classifier), each
      built from its own config by a subclass with :meth:`add_submodel`;
    - **freezing by name** (:attr:`frozen_submodels`): no gradient, and eval
      mode even after ``model.train()`` (``IterBasedTrainLoop`` calls it
      every iteration);
    - **wrapper-aware access** (:meth:`get_module`), also when every
      sub-model is wrapped on its own by
      ``MMSeparateDistributedDataParallel``;
    - **prediction dispatch** to the sub-model named by
      ``semi_test_cfg.predict_on`` (``predict``, ``_forward``,
      ``extract_feat``, ``encode_decode``);
    - **checkpoint mapping**: a plain MMSeg checkpoint (no sub-model prefix)
      loads into every segmentor copy, so ``load_from`` a supervised model
      just works; :func:`export_student.py` does the reverse. Keys never
      contain the ``module.`` of a sub-model's own distributed wrapper, so
      checkpoints of separately wrapped (multi-optimizer) runs load
      anywhere, and the other way round.

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
        if data_preprocessor is None:
            data_preprocessor = dict(
                type='MultiBranchSegDataPreProcessor',
                data_preprocessor=segmentor['data_preprocessor'])
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.semi_train_cfg = ConfigDict(semi_train_cfg or {})
        self.semi_test_cfg = ConfigDict(semi_test_cfg or {})
        self._submodel_names: List[str] = []
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
        self._register_state_dict_hook(self._unwrapped_state_keys)

    # ----------------------------------------------------------- sub-models
    def add_submodel(self, name: str, cfg: ConfigType) -> nn.Module:
        """Build ``cfg`` as sub-model ``name``; frozen if listed in
        :attr:`frozen_submodels`."""
        if name in self._submodel_names:
            raise ValueError(f'sub-model {name!r} is defined twice')
        module = MODELS.build(cfg)
        self.add_module(name, module)
        self._submodel_names.append(name)
        if name in self.frozen_submodels:
            self.freeze(module)
        return module

    @property
    def submodel_names(self) -> Tuple[str, ...]:
        """Every sub-model's name: segmentor copies first."""
        return tuple(self._submodel_names)

    def get_module(self, name: str) -> nn.Module:
        """Sub-model ``name`` itself, unwrapped if a distributed wrapper
        (``MMSeparateDistributedDataParallel``) wrapped it."""
        if name not in self._submodel_names:
            raise AttributeError(
                f'{type(self).__name__} has no sub-model {name!r}; its '
                f'sub-models are {list(self._submodel_names)}')
        module = getattr(self, name)
        return module.module if is_model_wrapper(module) else module

    @staticmethod
    def freeze(model: nn.Module) -> None:
        """No gradient and eval mode for ``model``."""
        model.eval()
        for param in model.parameters():
            param.requires_grad = False

    def train(self, mode: bool = True) -> 'SemiBaseSegmentor':
        """Switch mode, but keep frozen sub-models in eval mode."""
        super().train(mode)
        for name in self.frozen_submodels:
            self.get_module(name).eval()
        return self

    def _seg_pad_val(self) -> int:
        preprocessor = self.data_preprocessor
        inner = getattr(preprocessor, 'data_preprocessor', preprocessor)
        return getattr(inner, 'seg_pad_val', IGNORE_INDEX)

    @property
    def num_classes(self) -> int:
        return self.get_module(self.segmentor_names[0]).num_classes

    def check_views(self, inputs: MultiViewInputs) -> None:
        """Raise if a view of :attr:`required_views` is missing."""
        missing = [v for v in self.required_views if v not in inputs]
        if missing:
            raise KeyError(
                f'{type(self).__name__} needs the views '
                f'{list(self.required_views)} in every training batch but '
                f'{missing} are missing (got {list(inputs)}); check the '
                'MultiBranch transforms of the train pipelines and the '
                'MultiSourceSampler source_ratio')

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
    def _wrapped_submodels(self) -> List[str]:
        return [
            name for name in self._submodel_names
            if is_model_wrapper(getattr(self, name))
        ]

    @staticmethod
    def _unwrapped_state_keys(module: 'SemiBaseSegmentor', state_dict: dict,
                              prefix: str, local_metadata: dict) -> dict:
        """State-dict hook: ``<name>.module.<key>`` -> ``<name>.<key>`` for
        sub-models wrapped on their own, so a checkpoint has the same keys
        however the model was wrapped."""
        wrapped = [f'{prefix}{name}.' for name in module._wrapped_submodels()]
        if not wrapped:
            return state_dict
        renamed = OrderedDict()
        renamed._metadata = getattr(state_dict, '_metadata', OrderedDict())
        for key, value in state_dict.items():
            for head in wrapped:
                if key.startswith(head + 'module.'):
                    key = head + key[len(head) + len('module.'):]
                    break
            renamed[key] = value
        return renamed

    def _load_from_state_dict(self, state_dict: dict, prefix: str,
                              local_metadata: dict, strict: bool,
                              missing_keys: list, unexpected_keys: list,
                              error_msgs: list) -> None:
        """Copy a plain segmentor checkpoint into every segmentor copy, and
        route ``<name>.<key>`` to a sub-model wrapped on its own (whose
        parameters live under ``<name>.module.``)."""
        own_keys = [k for k in state_dict if k.startswith(prefix)]
        is_plain = own_keys and not any(
            k[len(prefix):].split('.', 1)[0] in self._submodel_names
            for k in own_keys)
        if is_plain:
            for key in own_keys:
                value = state_dict.pop(key)
                for name in self.segmentor_names:
                    state_dict[f'{prefix}{name}.{key[len(prefix):]}'] = value
        for name in self._wrapped_submodels():
            head = f'{prefix}{name}.'
            for key in [k for k in state_dict if k.startswith(head)
                        and not k.startswith(head + 'module.')]:
                state_dict[head + 'module.' + key[len(head):]] = \
                    state_dict.pop(key)
        super()._load_from_state_dict(state_dict, prefix, local_metadata,
                                      strict, missing_keys, unexpected_keys,
                                      error_msgs)
