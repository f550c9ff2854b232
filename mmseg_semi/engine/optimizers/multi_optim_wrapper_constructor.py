"""One optimizer wrapper per sub-model: what adversarial methods train with."""
import copy
from typing import Dict, Optional

from mmengine.optim import OptimWrapperDict
from torch import nn

from mmseg.registry import OPTIM_WRAPPER_CONSTRUCTORS
from ...utils import unwrap_model


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class MultiOptimWrapperConstructor:
    """Build an :class:`~mmengine.optim.OptimWrapperDict` keyed by sub-model.

    Each key of the config names a sub-model of the method model (e.g.
    ``segmentor`` and ``discriminator`` of :class:`S4GANSegmentor`); its
    value is a complete optimizer-wrapper config for that sub-model alone,
    with its own optimizer, ``paramwise_cfg``, wrapper type
    (``OptimWrapper`` or ``AmpOptimWrapper``) and, optionally, its own
    ``constructor`` (default ``DefaultOptimWrapperConstructor``)::

        optim_wrapper = dict(
            constructor='MultiOptimWrapperConstructor',
            segmentor=dict(
                type='OptimWrapper',
                optimizer=dict(type='SGD', lr=2.5e-4, momentum=0.9),
                paramwise_cfg=dict(custom_keys={'head': dict(lr_mult=10)})),
            discriminator=dict(
                type='OptimWrapper',
                optimizer=dict(type='Adam', lr=1e-4, betas=(0.9, 0.99))))
        # one scheduler list per optimizer, keyed by the same names
        param_scheduler = dict(
            segmentor=[dict(type='PolyLR', power=0.9, by_epoch=False)],
            discriminator=[dict(type='PolyLR', power=0.9, by_epoch=False)])

    The Runner saves and resumes the dict like a single wrapper (its state
    dict is keyed by the same names) and logs each learning rate as
    ``<name>.lr``. The model passed in may be wrapped (by
    ``MMSeparateDistributedDataParallel`` or a single DDP); sub-models are
    looked up with the model's ``get_module`` when it has one (which also
    unwraps a sub-model wrapped on its own), else as attributes.

    Every parameter that requires a gradient must belong to exactly one
    listed sub-model: a trainable sub-model left out would silently never
    be updated, so the build fails and names it.

    Args:
        optim_wrapper_cfg (dict): ``{sub-model name: optim wrapper config}``.
        paramwise_cfg (dict, optional): must be None; give ``paramwise_cfg``
            inside each sub-model's config instead.
    """

    def __init__(self,
                 optim_wrapper_cfg: dict,
                 paramwise_cfg: Optional[dict] = None) -> None:
        if not isinstance(optim_wrapper_cfg, dict):
            raise TypeError('optim_wrapper must be a dict of per-sub-model '
                            f'configs, got {type(optim_wrapper_cfg)}')
        if paramwise_cfg is not None:
            raise ValueError(
                'MultiOptimWrapperConstructor takes no top-level '
                'optim_wrapper.paramwise_cfg; move it into the sub-model '
                'configs, e.g. optim_wrapper.segmentor.paramwise_cfg')
        if not optim_wrapper_cfg:
            raise ValueError('optim_wrapper names no sub-model')
        self.constructors: Dict[str, object] = {}
        for name, cfg in optim_wrapper_cfg.items():
            if not isinstance(cfg, dict) or 'optimizer' not in cfg:
                raise TypeError(
                    f'optim_wrapper.{name} must be an optimizer wrapper '
                    "config with an 'optimizer', got "
                    f'{cfg!r}; with MultiOptimWrapperConstructor every '
                    'top-level key of optim_wrapper names a sub-model')
            cfg = copy.deepcopy(dict(cfg))
            constructor = cfg.pop('constructor',
                                  'DefaultOptimWrapperConstructor')
            paramwise = cfg.pop('paramwise_cfg', None)
            self.constructors[name] = OPTIM_WRAPPER_CONSTRUCTORS.build(
                dict(
                    type=constructor,
                    optim_wrapper_cfg=cfg,
                    paramwise_cfg=paramwise))

    @staticmethod
    def _submodel(model: nn.Module, name: str) -> nn.Module:
        if hasattr(model, 'get_module'):
            return model.get_module(name)
        module = model
        for part in name.split('.'):
            if not hasattr(module, part):
                raise AttributeError(
                    f'optim_wrapper.{name}: {type(model).__name__} has no '
                    f'sub-module {name!r}')
            module = getattr(module, part)
        return unwrap_model(module)

    def __call__(self, model: nn.Module) -> OptimWrapperDict:
        model = unwrap_model(model)
        submodels = {
            name: self._submodel(model, name)
            for name in self.constructors
        }
        self._check_coverage(model, submodels)
        return OptimWrapperDict(
            **{
                name: constructor(submodels[name])
                for name, constructor in self.constructors.items()
            })

    @staticmethod
    def _check_coverage(model: nn.Module,
                        submodels: Dict[str, nn.Module]) -> None:
        """Every trainable parameter in exactly one listed sub-model."""
        owner: Dict[int, str] = {}
        for name, module in submodels.items():
            for param in module.parameters():
                if id(param) in owner:
                    raise ValueError(
                        f'optim_wrapper.{name} and optim_wrapper.'
                        f'{owner[id(param)]} share parameters; each '
                        'parameter may have only one optimizer')
                owner[id(param)] = name
        orphans = [
            pname for pname, param in model.named_parameters()
            if param.requires_grad and id(param) not in owner
        ]
        if orphans:
            shown = ', '.join(orphans[:5])
            more = f' and {len(orphans) - 5} more' if len(orphans) > 5 \
                else ''
            raise ValueError(
                f'{type(model).__name__} has trainable parameters that no '
                f'optimizer updates: {shown}{more}; add their sub-model to '
                f'optim_wrapper (it names {list(submodels)}) or freeze it')
