from .resnet_generator import ResnetGenerator, ResnetGeneratorBackbone

__all__ = ['ResnetGenerator', 'ResnetGeneratorBackbone']
