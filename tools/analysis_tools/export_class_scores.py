"""Export a trained image classifier's class scores on a dataset as the
JSON score file of MLMT fusion (``ClassScoreFile``).

    python tools/analysis_tools/export_class_scores.py CONFIG CHECKPOINT \
        --out SCORES.json [--dataloader test|val] [--cfg-options ...]

CONFIG is the classifier's (e.g. ``configs/mlmt/*``; an MLMT checkpoint
predicts with its teacher). Every image of the config's test (or val)
dataloader is read with the config's ``score_pipeline`` (no mask needed)
and scored; the file maps each image's name without extension to its C
scores in the dataset's class order::

    {"2007_000033": [0.99, 0.93, 0.01, ...], ...}

A segmentor then filters its classes with, in its config,

    model = dict(semi_test_cfg=dict(class_filter=dict(
        scores=dict(type='ClassScoreFile', file='SCORES.json'),
        threshold=0.2)))

An existing OUT is not overwritten unless ``--overwrite`` is given; the
file is written to a temporary name and renamed, so an interrupted export
leaves no half-written file.
"""
import argparse
import copy
import json
import os
import os.path as osp

from tqdm import tqdm

import mmseg_semi  # noqa: F401  (registers types, mmseg:: config scope)
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from mmseg_semi.models.utils import class_scores, load_classifier


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--out', required=True, help='JSON score file')
    parser.add_argument('--dataloader', choices=['test', 'val'],
                        default='test',
                        help='whose images are scored (default: test)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--overwrite', action='store_true')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def scoring_dataloader(cfg: Config, which: str):
    """The ``which`` dataloader of ``cfg`` with its dataset's pipeline
    replaced by the config's ``score_pipeline``."""
    if cfg.get('score_pipeline') is None:
        raise KeyError(
            f'{cfg.filename} defines no score_pipeline (the transforms that '
            'turn an image file into the classifier\'s input); the configs '
            'of configs/mlmt have one')
    loader = copy.deepcopy(cfg[f'{which}_dataloader'])
    loader.dataset.pipeline = cfg.score_pipeline
    loader.persistent_workers = False
    return Runner.build_dataloader(loader)


def main(argv=None) -> dict:
    args = parse_args(argv)
    if osp.exists(args.out) and not args.overwrite:
        raise FileExistsError(
            f'{args.out} exists; pass --overwrite to replace it')
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    dataloader = scoring_dataloader(cfg, args.dataloader)
    model = load_classifier(cfg, args.checkpoint, args.device)
    table = {}
    for batch in tqdm(dataloader, desc='class scores'):
        scores = class_scores(model, batch)
        for sample, row in zip(batch['data_samples'], scores):
            stem = osp.splitext(osp.basename(sample.img_path))[0]
            table[stem] = [round(float(v), 6) for v in row]
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    tmp_out = args.out + '.tmp'
    with open(tmp_out, 'w') as f:
        json.dump(table, f)
    os.replace(tmp_out, args.out)
    print(f'wrote the scores of {len(table)} images to {args.out}')
    return table


if __name__ == '__main__':
    main()
