from .pixel_discriminator import PixelDiscriminator
from .s4gan_discriminator import S4GANDiscriminator

__all__ = ['PixelDiscriminator', 'S4GANDiscriminator']
