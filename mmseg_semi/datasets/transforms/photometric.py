"""Strong photometric augmentation for the student's view.

Together with MMCV's ``RandomGrayscale`` these give the "strong" view used
by FixMatch-style methods (UniMatch: ColorJitter(0.5, 0.5, 0.5, 0.25) with
p=0.8, grayscale p=0.2, Gaussian blur sigma in [0.1, 2] with p=0.5). They
change pixel values only, never geometry, so the strong view stays aligned
with the weak view and its pseudo labels. Images are uint8 BGR, as loaded by
``LoadImageFromFile``.
"""
from typing import Sequence, Tuple

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from mmseg.registry import TRANSFORMS

# ITU-R 601 luma weights in BGR order (OpenCV's and PIL's grayscale).
_BGR_LUMA = np.array([0.114, 0.587, 0.299], dtype=np.float32)


def _grayscale(img: np.ndarray) -> np.ndarray:
    """(H, W, 3) BGR -> (H, W, 1) float32 luma."""
    return (img.astype(np.float32) @ _BGR_LUMA)[..., None]


def _blend(img: np.ndarray, other, factor: float) -> np.ndarray:
    """``factor * img + (1 - factor) * other`` clipped back to uint8."""
    out = factor * img.astype(np.float32) + (1.0 - factor) * other
    return np.clip(out, 0, 255).astype(np.uint8)


def _shift_hue(img: np.ndarray, shift: float) -> np.ndarray:
    """Rotate the hue by ``shift`` turns (in [-0.5, 0.5])."""
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV_FULL)
    hue = hsv[..., 0].astype(np.int32) + int(round(shift * 256))
    hsv[..., 0] = np.mod(hue, 256).astype(np.uint8)
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR_FULL)


@TRANSFORMS.register_module()
class ColorJitter(BaseTransform):
    """Randomly change brightness, contrast, saturation and hue.

    Same semantics as torchvision's ``ColorJitter``: each factor is drawn
    uniformly from ``[max(0, 1 - x), 1 + x]`` (hue: a shift in
    ``[-hue, hue]`` turns) and the four adjustments run in a random order.
    The whole transform is applied with probability ``prob``.

    Modified keys: ``img`` (uint8 BGR, H x W x 3).

    Args:
        brightness, contrast, saturation (float): jitter strengths >= 0.
        hue (float): hue jitter in [0, 0.5].
        prob (float): probability of applying the transform.
    """

    def __init__(self,
                 brightness: float = 0.5,
                 contrast: float = 0.5,
                 saturation: float = 0.5,
                 hue: float = 0.25,
                 prob: float = 0.8) -> None:
        for name, value in dict(
                brightness=brightness, contrast=contrast,
                saturation=saturation).items():
            if value < 0:
                raise ValueError(f'{name} must be >= 0, got {value}')
        if not 0 <= hue <= 0.5:
            raise ValueError(f'hue must be in [0, 0.5], got {hue}')
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
        self.hue = hue
        self.prob = prob

    @staticmethod
    def _factor(strength: float) -> float:
        return float(np.random.uniform(max(0.0, 1 - strength), 1 + strength))

    def _adjust(self, img: np.ndarray, op: int) -> np.ndarray:
        if op == 0 and self.brightness > 0:
            return _blend(img, 0.0, self._factor(self.brightness))
        if op == 1 and self.contrast > 0:
            mean = float(_grayscale(img).mean())
            return _blend(img, mean, self._factor(self.contrast))
        if op == 2 and self.saturation > 0:
            return _blend(img, _grayscale(img), self._factor(self.saturation))
        if op == 3 and self.hue > 0:
            return _shift_hue(img, np.random.uniform(-self.hue, self.hue))
        return img

    def transform(self, results: dict) -> dict:
        if np.random.rand() >= self.prob:
            return results
        img = results['img']
        for op in np.random.permutation(4):
            img = self._adjust(img, int(op))
        results['img'] = img
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(brightness={self.brightness}, '
                f'contrast={self.contrast}, saturation={self.saturation}, '
                f'hue={self.hue}, prob={self.prob})')


@TRANSFORMS.register_module()
class RandomGaussianBlur(BaseTransform):
    """Blur with a Gaussian of random ``sigma`` with probability ``prob``.

    Modified keys: ``img``.

    Args:
        sigma_range (tuple[float, float]): sigma drawn uniformly from it.
        prob (float): probability of blurring.
    """

    def __init__(self,
                 sigma_range: Sequence[float] = (0.1, 2.0),
                 prob: float = 0.5) -> None:
        if len(sigma_range) != 2 or not 0 < sigma_range[0] <= sigma_range[1]:
            raise ValueError(
                f'sigma_range must be (low, high) with 0 < low <= high, got '
                f'{sigma_range}')
        self.sigma_range: Tuple[float, float] = tuple(sigma_range)
        self.prob = prob

    def transform(self, results: dict) -> dict:
        if np.random.rand() >= self.prob:
            return results
        sigma = float(np.random.uniform(*self.sigma_range))
        results['img'] = cv2.GaussianBlur(
            results['img'], ksize=(0, 0), sigmaX=sigma, sigmaY=sigma)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(sigma_range={self.sigma_range}, '
                f'prob={self.prob})')
