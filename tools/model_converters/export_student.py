"""Export one sub-model of a semi-supervised checkpoint as a plain MMSeg
model (config + checkpoint) that MMSeg's ``init_model`` loads.

    python tools/model_converters/export_student.py CONFIG CHECKPOINT OUT_DIR \
        [--submodel student|teacher|branch1|...]

Writes ``OUT_DIR/<config name>_<submodel>.py`` (the segmentor config with
the test settings of CONFIG, no training parts) and
``OUT_DIR/<config name>_<submodel>.pth`` (``state_dict`` of the sub-model
without its prefix, plus ``meta.dataset_meta`` for class names/palette).
The default sub-model is the one the config predicts with
(``model.semi_test_cfg.predict_on``).
"""
import argparse
import copy
import os
import os.path as osp
import sys

import torch

import mmseg_semi  # noqa: F401  (mmseg:: config scope, registered types)
from mmengine.config import Config

from mmseg.registry import MODELS

TRAIN_ONLY_KEYS = ('train_dataloader', 'train_cfg', 'optim_wrapper',
                   'param_scheduler', 'custom_hooks', 'auto_scale_lr',
                   'model_wrapper_cfg', 'resume', 'load_from')


def default_submodel(cfg: Config) -> str:
    """The sub-model the semi-supervised config predicts with."""
    model_cls = MODELS.get(cfg.model.type)
    predict_on = cfg.model.get('semi_test_cfg', {}).get('predict_on')
    if predict_on:
        return predict_on
    frozen = getattr(model_cls, 'frozen_submodels', ())
    return (frozen or model_cls.segmentor_names)[0]


def plain_config(cfg: Config) -> Config:
    """The semi-supervised config turned into a plain MMSeg config."""
    plain = copy.deepcopy(cfg)
    segmentor = copy.deepcopy(cfg.model.segmentor)
    if segmentor.get('data_preprocessor') is None:
        # the wrapper's inner preprocessor (configs that give the segmentor
        # none and set model.data_preprocessor explicitly)
        wrapper = cfg.model.get('data_preprocessor')
        if not wrapper or 'data_preprocessor' not in wrapper:
            raise ValueError(
                'neither model.segmentor.data_preprocessor nor '
                'model.data_preprocessor.data_preprocessor is set, so the '
                'exported model would have no data preprocessor')
        segmentor.data_preprocessor = wrapper.data_preprocessor
    plain.model = segmentor
    for key in TRAIN_ONLY_KEYS:
        plain.pop(key, None)
    plain.val_cfg = dict(type='ValLoop')
    checkpoint_hook = plain.get('default_hooks', {}).get('checkpoint')
    if checkpoint_hook and checkpoint_hook.get('save_best'):
        checkpoint_hook['save_best'] = 'mIoU'
    # Datasets such as CamVidDataset live in mmseg_semi; the model does not.
    plain.custom_imports = dict(
        imports=['mmseg_semi'], allow_failed_imports=True)
    return plain


def extract_state_dict(checkpoint: dict, submodel: str) -> dict:
    state_dict = checkpoint.get('state_dict', checkpoint)
    prefix = submodel + '.'
    extracted = {
        key[len(prefix):]: value
        for key, value in state_dict.items() if key.startswith(prefix)
    }
    if not extracted:
        found = sorted({key.split('.', 1)[0] for key in state_dict})
        raise KeyError(f'the checkpoint has no sub-model {submodel!r}; its '
                       f'top-level names are {found}')
    return extracted


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Export a sub-model as a plain MMSeg model')
    parser.add_argument('config', help='semi-supervised training config')
    parser.add_argument('checkpoint', help='checkpoint of that config')
    parser.add_argument('out_dir', help='folder for the .py and .pth')
    parser.add_argument(
        '--submodel',
        help='sub-model to export (default: the one the config predicts '
        'with, e.g. teacher for Mean Teacher)')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if 'classifier' in cfg.model:
        raise ValueError(
            f'{args.config} trains an image classifier ({cfg.model.type}), '
            'not a segmentor; export its class scores with '
            'tools/analysis_tools/export_class_scores.py')
    if 'segmentor' not in cfg.model:
        raise ValueError(f'{args.config} is not a semi-supervised config '
                         '(model has no "segmentor"); it is already plain')
    submodel = args.submodel or default_submodel(cfg)
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint {args.checkpoint} not found')
    checkpoint = torch.load(
        args.checkpoint, map_location='cpu', weights_only=False)
    state_dict = extract_state_dict(checkpoint, submodel)
    meta = checkpoint.get('meta', {})
    exported = dict(
        meta=dict(
            dataset_meta=meta.get('dataset_meta'),
            exported_from=osp.abspath(args.checkpoint),
            submodel=submodel,
            iter=meta.get('iter')),
        state_dict=state_dict)

    os.makedirs(args.out_dir, exist_ok=True)
    stem = f'{osp.splitext(osp.basename(args.config))[0]}_{submodel}'
    config_path = osp.join(args.out_dir, stem + '.py')
    weights_path = osp.join(args.out_dir, stem + '.pth')
    plain_config(cfg).dump(config_path)
    tmp = weights_path + '.tmp'
    torch.save(exported, tmp)
    os.replace(tmp, weights_path)  # no half-written checkpoint on failure
    print(f'exported {submodel!r} ({len(state_dict)} tensors):\n'
          f'  config:     {config_path}\n  checkpoint: {weights_path}')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (FileNotFoundError, KeyError, ValueError) as err:
        sys.exit(f'export_student.py: error: {err}')
