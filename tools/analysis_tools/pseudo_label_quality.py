"""Pseudo-label quality: a trained model against the true masks of the
images its method used *unlabelled*.

    python tools/analysis_tools/pseudo_label_quality.py CONFIG CHECKPOINT \
        [--predict-on teacher|student|branch1|branch2] \
        [--thresholds 0.9 0.95] [--ann-file FILE] [--out JSON]

Evidence for a semi-supervised method that misses its target. The images
are the config's unlabelled split (the ``ann_file`` of its second training
source, ``splits/{split}/unlabeled.txt``) read with the *labelled*
source's folders and the config's test pipeline, so their masks are loaded
here for the first time. Reports MMSeg's IoU metrics of the pseudo-labels
(argmax) and ``PseudoLabelQualityMetric``: pixel accuracy, and per
confidence threshold the mask ratio and the accuracy of the kept pixels.
A supervised config works too (``--ann-file`` then names the images).
"""
import argparse
import copy
import json
import os.path as osp

import mmseg_semi  # noqa: F401  (registers types, mmseg:: config scope)
from mmengine.config import Config, DictAction
from mmengine.runner import Runner


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--predict-on',
                        help='sub-model to evaluate (semi-supervised '
                        'configs; default: the config\'s predict_on)')
    parser.add_argument('--thresholds', type=float, nargs='+',
                        default=[0.9, 0.95])
    parser.add_argument('--ann-file',
                        help='image list, relative to the data root '
                        '(default: the unlabelled split of the config)')
    parser.add_argument('--work-dir')
    parser.add_argument('--out', help='write the metrics to this JSON file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def unlabelled_eval_dataset(cfg: Config, ann_file: str = None) -> dict:
    """The dataset config of the unlabelled images with their masks.

    The labelled training source gives the folders (images and masks) and
    the test pipeline the transforms (it loads annotations); the image list
    is ``ann_file`` or the unlabelled source's. ``{split}`` in the list is
    filled with the training dataset's ``split``.
    """
    train = cfg.train_dataloader.dataset
    sources = train.get('datasets', [train])
    if ann_file is None:
        if len(sources) < 2:
            raise ValueError(
                f'{cfg.filename}: the training data has no unlabelled '
                'source; name the images with --ann-file')
        ann_file = sources[1].ann_file
    ann_file = ann_file.format(split=train.get('split'))
    dataset = copy.deepcopy(sources[0])
    pipeline = copy.deepcopy(cfg.test_dataloader.dataset.pipeline)
    dataset.update(ann_file=ann_file, pipeline=pipeline)
    if not any(t['type'] == 'LoadAnnotations' for t in dataset.pipeline):
        raise ValueError(f'{cfg.filename}: the test pipeline does not load '
                         'annotations, so there is nothing to compare with')
    return dataset


def build_config(args) -> Config:
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    cfg.test_dataloader.dataset = unlabelled_eval_dataset(cfg, args.ann_file)
    cfg.test_evaluator = [
        dict(type='IoUMetric', iou_metrics=['mIoU']),
        dict(type='PseudoLabelQualityMetric', thresholds=args.thresholds)
    ]
    if args.predict_on:
        if 'semi_test_cfg' not in cfg.model:
            raise ValueError(f'--predict-on {args.predict_on}: '
                             f'{args.config} is not a semi-supervised config')
        cfg.model.semi_test_cfg.predict_on = args.predict_on
    cfg.work_dir = args.work_dir or osp.join(
        'work_dirs', 'pseudo_label_quality',
        osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = args.checkpoint
    cfg.pop('visualizer', None)
    cfg.default_hooks.pop('visualization', None)
    return cfg


def main(argv=None) -> dict:
    args = parse_args(argv)
    cfg = build_config(args)
    # numpy scalars -> float (JSON)
    metrics = {k: float(v) for k, v in Runner.from_cfg(cfg).test().items()}
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(dict(config=args.config, checkpoint=args.checkpoint,
                           ann_file=cfg.test_dataloader.dataset.ann_file,
                           predict_on=cfg.model.get(
                               'semi_test_cfg', {}).get('predict_on'),
                           metrics=metrics),
                      f, indent=1)
    return metrics


if __name__ == '__main__':
    main()
