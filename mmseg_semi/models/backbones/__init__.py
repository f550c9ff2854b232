from .efficientnet_lite import EfficientNetLite
from .efficientnet_lite_weights import convert_efficientnet_lite
from .wide_resnet38 import WideResNet38

__all__ = ['EfficientNetLite', 'convert_efficientnet_lite', 'WideResNet38']
