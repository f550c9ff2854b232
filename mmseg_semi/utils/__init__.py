from .config_scope import ensure_mmseg_config_scope
from .misc import add_prefix_to_losses, unwrap_model, weight_losses

__all__ = [
    'ensure_mmseg_config_scope', 'add_prefix_to_losses', 'weight_losses',
    'unwrap_model'
]
