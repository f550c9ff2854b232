"""Named sub-models trained together, whatever they are: the part of the
multi-model base that segmentors and image classifiers share."""
from collections import OrderedDict
from typing import Dict, List, Tuple

from mmengine.config import ConfigDict
from mmengine.model import is_model_wrapper
from torch import Tensor, nn

from mmseg.registry import MODELS
from mmseg.utils import ConfigType, OptConfigType


class MultiModelMixin:
    """Sub-models by name, for an ``nn.Module`` (put it first in the
    bases, before ``BaseSegmentor`` or ``BaseModel``).

    - **building** (:meth:`add_submodel`) from a config of ``MODELS``;
    - **freezing by name** (:attr:`frozen_submodels`): no gradient, and eval
      mode even after ``model.train()`` (``IterBasedTrainLoop`` calls it
      every iteration);
    - **wrapper-aware access** (:meth:`get_module`), also when every
      sub-model is wrapped on its own by
      ``MMSeparateDistributedDataParallel``;
    - **checkpoint keys without a sub-model's own wrapper**: a state dict
      never contains the ``module.`` of a separately wrapped sub-model, and
      such keys are routed back into the wrapper on load, so a checkpoint
      loads however the model is wrapped;
    - **view check** of multi-view training batches
      (:attr:`required_views`).

    Class attributes set by a subclass:

    - ``frozen_submodels``: names kept frozen;
    - ``ema_teachers``: ``{teacher: student}`` pairs averaged by
      :class:`MeanTeacherHook`;
    - ``required_views``: views every training batch must have.

    A subclass passes :meth:`multi_branch_preprocessor` to
    ``super().__init__()``, then calls :meth:`init_submodels` before
    :meth:`add_submodel`.
    """
    frozen_submodels: Tuple[str, ...] = ()
    ema_teachers: Dict[str, str] = {}
    required_views: Tuple[str, ...] = ('sup', )

    @staticmethod
    def multi_branch_preprocessor(data_preprocessor: OptConfigType,
                                  submodel: ConfigType) -> ConfigType:
        """``data_preprocessor``, or by default a
        :class:`MultiBranchSegDataPreProcessor` wrapping the sub-model
        config's own ``data_preprocessor``."""
        if data_preprocessor is not None:
            return data_preprocessor
        return dict(
            type='MultiBranchSegDataPreProcessor',
            data_preprocessor=submodel['data_preprocessor'])

    def init_submodels(self,
                       semi_train_cfg: OptConfigType = None,
                       semi_test_cfg: OptConfigType = None) -> None:
        """Keep the method's settings (``semi_train_cfg``,
        ``semi_test_cfg``); start with no sub-model; keep wrappers out of
        state-dict keys."""
        self.semi_train_cfg = ConfigDict(semi_train_cfg or {})
        self.semi_test_cfg = ConfigDict(semi_test_cfg or {})
        self._submodel_names: List[str] = []
        self._register_state_dict_hook(self._unwrapped_state_keys)

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
        """Every sub-model's name, in the order they were added."""
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

    def train(self, mode: bool = True) -> nn.Module:
        """Switch mode, but keep frozen sub-models in eval mode."""
        super().train(mode)
        for name in self.frozen_submodels:
            self.get_module(name).eval()
        return self

    def check_views(self, inputs: Dict[str, Tensor]) -> None:
        """Raise if a view of :attr:`required_views` is missing."""
        missing = [v for v in self.required_views if v not in inputs]
        if missing:
            raise KeyError(
                f'{type(self).__name__} needs the views '
                f'{list(self.required_views)} in every training batch but '
                f'{missing} are missing (got {list(inputs)}); check the '
                'MultiBranch transforms of the train pipelines and the '
                'MultiSourceSampler source_ratio')

    # ---------------------------------------------------------- checkpoints
    def _wrapped_submodels(self) -> List[str]:
        return [
            name for name in self._submodel_names
            if is_model_wrapper(getattr(self, name))
        ]

    @staticmethod
    def _unwrapped_state_keys(module: 'MultiModelMixin', state_dict: dict,
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
        """Route ``<name>.<key>`` to a sub-model wrapped on its own (whose
        parameters live under ``<name>.module.``)."""
        for name in self._wrapped_submodels():
            head = f'{prefix}{name}.'
            for key in [k for k in state_dict if k.startswith(head)
                        and not k.startswith(head + 'module.')]:
                state_dict[head + 'module.' + key[len(head):]] = \
                    state_dict.pop(key)
        super()._load_from_state_dict(state_dict, prefix, local_metadata,
                                      strict, missing_keys, unexpected_keys,
                                      error_msgs)
