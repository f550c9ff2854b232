"""MMSeg's backbone conventions ``frozen_stages`` and ``norm_eval``, once."""
from torch.nn.modules.batchnorm import _BatchNorm


class FrozenStagesMixin:
    """``train()`` that keeps frozen stages frozen and norms in eval mode.

    A backbone sets ``self.norm_eval`` and implements
    :meth:`frozen_modules` (what ``frozen_stages`` freezes); it calls
    :meth:`_freeze_stages` at the end of ``__init__``. Frozen modules are
    in eval mode and their parameters need no gradient; with ``norm_eval``
    every BN layer stays in eval mode while training (as MMSeg's ResNet).
    """
    norm_eval: bool = False
    # a backbone defines ``frozen_modules(self) -> List[nn.Module]``

    def _freeze_stages(self) -> None:
        for module in self.frozen_modules():
            module.eval()
            for param in module.parameters():
                param.requires_grad = False

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze_stages()
        if mode and self.norm_eval:
            for module in self.modules():
                if isinstance(module, _BatchNorm):
                    module.eval()
        return self
