"""CamVid, 11-class version (SegNet's 360x480 release)."""
import os.path as osp
from typing import Dict, List, Optional, Sequence

from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

CAMVID_VOID_ID = 11


@DATASETS.register_module()
class CamVidDataset(BaseSegDataset):
    """CamVid with the 11 classes of the SegNet release.

    Label PNGs hold one class index per pixel: 0-10 are the classes below and
    11 is void, which is mapped to the ignore index 255 when the label is
    loaded (through MMSeg's ``label_map`` mechanism, so it composes with a
    class subset given in ``metainfo``).

    ``ann_file`` is a list of image stems, one per line (``train.txt``, or a
    labelled/unlabelled split written by ``tools/misc/split_dataset.py``).
    Every image (and label, when ``data_prefix`` has ``seg_map_path``) named
    by the list is checked to exist when the dataset is built, so a wrong
    path fails at start-up with the offending file, not mid-training.
    """
    METAINFO = dict(
        classes=('sky', 'building', 'pole', 'road', 'pavement', 'tree',
                 'signsymbol', 'fence', 'car', 'pedestrian', 'bicyclist'),
        palette=[[128, 128, 128], [128, 0, 0], [192, 192, 128],
                 [128, 64, 128], [60, 40, 222], [128, 128, 0],
                 [192, 128, 128], [64, 64, 128], [64, 0, 128], [64, 64, 0],
                 [0, 128, 192]])

    def __init__(self,
                 img_suffix: str = '.png',
                 seg_map_suffix: str = '.png',
                 **kwargs) -> None:
        super().__init__(
            img_suffix=img_suffix, seg_map_suffix=seg_map_suffix, **kwargs)

    @classmethod
    def get_label_map(cls,
                      new_classes: Optional[Sequence] = None
                      ) -> Optional[Dict[int, int]]:
        """MMSeg's class-subset mapping, plus void (11) -> ignore (255)."""
        label_map = super().get_label_map(new_classes) or {}
        label_map[CAMVID_VOID_ID] = 255
        return label_map

    def load_data_list(self) -> List[dict]:
        if self.ann_file and not osp.isfile(self.ann_file):
            raise FileNotFoundError(
                f'{type(self).__name__}: the image list (ann_file) '
                f'{self.ann_file} does not exist')
        data_list = super().load_data_list()
        if not data_list:
            raise ValueError(f'{type(self).__name__}: no images found '
                             f'(ann_file={self.ann_file!r}, '
                             f'data_prefix={self.data_prefix})')
        self._check_files_exist(data_list)
        return data_list

    def _check_files_exist(self, data_list: List[dict]) -> None:
        missing = [
            info[key] for info in data_list
            for key in ('img_path', 'seg_map_path')
            if key in info and not osp.isfile(info[key])
        ]
        if missing:
            shown = '\n  '.join(missing[:5])
            more = f'\n  ... and {len(missing) - 5} more' \
                if len(missing) > 5 else ''
            raise FileNotFoundError(
                f'{type(self).__name__}: {len(missing)} file(s) listed by '
                f'{self.ann_file or self.data_prefix} do not exist:\n'
                f'  {shown}{more}')


@DATASETS.register_module()
class CamVidTagsDataset(CamVidDataset):
    """CamVid in the label space of single-stage WSSS: a ``none`` class at
    index 0 in front of the 11 classes (1-11), void still ignored.

    Single-stage WSSS has a constant background channel at index 0; CamVid
    has no background class. Here that channel means "none of the image's
    tags": it may absorb pixels during training (pseudo labels), it is never
    tagged (``LoadImageLevelLabels(exclude_classes=(0,))``), no label holds
    it, so MMSeg's ``IoUMetric`` leaves its NaN IoU out of ``mIoU``, and
    the configs switch it off at test time
    (``test_cfg.predict_background=False``), so that every pixel gets one
    of the 11 classes. Class subsets are not supported.
    """
    METAINFO = dict(
        classes=('none', ) + CamVidDataset.METAINFO['classes'],
        palette=[[0, 0, 0]] + CamVidDataset.METAINFO['palette'])

    @classmethod
    def get_label_map(cls,
                      new_classes: Optional[Sequence] = None
                      ) -> Optional[Dict[int, int]]:
        """0-10 -> 1-11, void (11) -> ignore (255)."""
        if new_classes is not None and \
                tuple(new_classes) != cls.METAINFO['classes']:
            raise ValueError(
                'CamVidTagsDataset does not support a class subset in '
                f'metainfo (got {new_classes})')
        label_map = {i: i + 1 for i in range(CAMVID_VOID_ID)}
        label_map[CAMVID_VOID_ID] = 255
        return label_map
