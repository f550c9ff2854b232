"""Four parameter groups: pretrained or new, weight or bias."""
from typing import Dict, List, Optional, Sequence

from mmengine.optim import DefaultOptimWrapperConstructor
from torch import nn

from mmseg.registry import OPTIM_WRAPPER_CONSTRUCTORS

GROUPS = ('pretrained_weight', 'pretrained_bias', 'new_weight', 'new_bias')


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class PretrainedNewOptimWrapperConstructor(DefaultOptimWrapperConstructor):
    """The fine-tuning recipe of the DeepLab family: four learning rates.

    Every trainable parameter falls in one of four groups: it belongs to a
    pretrained part (e.g. the backbone) or to a new, randomly initialised
    one (those under ``new_modules``), and it is a bias or a weight (of a
    conv, linear or norm layer alike). Each group has its own learning-rate
    multiplier; biases get ``bias_decay_mult`` times the weight decay::

        lr = base_lr * lr_mult[group]
        weight_decay = base_wd * (bias_decay_mult if bias else 1)

    The single-stage WSSS reference (reference/wseg_cyclegan.md A2) uses
    1 / 2 / 10 / 20 for WideResNet-38 and 1 / 1 / 10 / 10 for ResNets, with
    no decay on biases::

        optim_wrapper = dict(
            type='OptimWrapper',
            optimizer=dict(type='SGD', lr=1e-3, momentum=0.9,
                           weight_decay=5e-4),
            constructor='PretrainedNewOptimWrapperConstructor',
            paramwise_cfg=dict(
                new_modules=('decode_head', ),
                lr_mult=dict(pretrained_weight=1., pretrained_bias=2.,
                             new_weight=10., new_bias=20.),
                bias_decay_mult=0.))

    MMEngine's ``DefaultOptimWrapperConstructor`` cannot express this: its
    ``bias_lr_mult`` and ``bias_decay_mult`` are ignored for parameters
    that match a ``custom_keys`` entry, and ``bias_lr_mult`` skips norm
    biases.

    Args:
        optim_wrapper_cfg (dict): the optimizer wrapper config.
        paramwise_cfg (dict): ``new_modules`` (sequence of str, required):
            module-name prefixes of the new parts, matched against
            parameter names; ``lr_mult`` (dict): a multiplier for each of
            ``pretrained_weight``, ``pretrained_bias``, ``new_weight``,
            ``new_bias`` (missing ones default to 1); ``bias_decay_mult``
            (float, default 1).
    """

    def __init__(self,
                 optim_wrapper_cfg: dict,
                 paramwise_cfg: Optional[dict] = None) -> None:
        paramwise_cfg = dict(paramwise_cfg or {})
        unknown = set(paramwise_cfg) - {
            'new_modules', 'lr_mult', 'bias_decay_mult'
        }
        if unknown:
            raise ValueError(
                f'PretrainedNewOptimWrapperConstructor: unknown '
                f'paramwise_cfg keys {sorted(unknown)}; it takes '
                "'new_modules', 'lr_mult' and 'bias_decay_mult' (use "
                'DefaultOptimWrapperConstructor for custom_keys etc.)')
        if not paramwise_cfg.get('new_modules'):
            raise ValueError(
                'PretrainedNewOptimWrapperConstructor needs '
                "paramwise_cfg.new_modules, e.g. ('decode_head', )")
        lr_mult = dict(paramwise_cfg.get('lr_mult', {}))
        unknown = set(lr_mult) - set(GROUPS)
        if unknown:
            raise ValueError(
                f'paramwise_cfg.lr_mult has unknown groups {sorted(unknown)}'
                f'; the groups are {list(GROUPS)}')
        self.new_modules: Sequence[str] = tuple(paramwise_cfg['new_modules'])
        self.lr_mult: Dict[str, float] = {
            group: float(lr_mult.get(group, 1.0))
            for group in GROUPS
        }
        self.bias_decay_mult = float(paramwise_cfg.get('bias_decay_mult', 1.))
        super().__init__(optim_wrapper_cfg, paramwise_cfg=paramwise_cfg)

    def group_of(self, name: str) -> str:
        """The group of the parameter called ``name`` (e.g.
        ``decode_head.conv_seg.bias`` -> ``new_bias``)."""
        new = any(name == prefix or name.startswith(prefix + '.')
                  for prefix in self.new_modules)
        bias = name.rsplit('.', 1)[-1] == 'bias'
        return f"{'new' if new else 'pretrained'}_" \
               f"{'bias' if bias else 'weight'}"

    def add_params(self,
                   params: List[dict],
                   module: nn.Module,
                   prefix: str = '',
                   is_dcn_module=None) -> None:
        """One param group per trainable parameter, by its group's rule."""
        names = [name for name, _ in module.named_parameters()]
        for prefix_ in self.new_modules:
            if not any(
                    name.startswith(prefix_ + '.') for name in names):
                raise ValueError(
                    f'paramwise_cfg.new_modules: {prefix_!r} names no '
                    f'parameters of {type(module).__name__}')
        for name, param in module.named_parameters():
            if not param.requires_grad:
                continue
            group = self.group_of(name)
            param_group = dict(
                params=[param], lr=self.base_lr * self.lr_mult[group])
            if self.base_wd is not None:
                param_group['weight_decay'] = self.base_wd * (
                    self.bias_decay_mult if group.endswith('bias') else 1.)
            params.append(param_group)
