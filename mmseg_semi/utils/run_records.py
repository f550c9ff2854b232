"""Reading finished training runs and shortening them, for the tools that
drive ``tools/train.py`` (the quality benchmark, the demo).

MMEngine's ``LocalVisBackend`` writes one JSON object per logged step to
``<work_dir>/<timestamp>/vis_data/scalars.json``; a resumed run starts a
new timestamp folder, so the newest folder holding a record is the one
that counts.
"""
import json
import os
import os.path as osp
from typing import List, Optional, Sequence, Union


def run_records(work_dir: str) -> List[List[dict]]:
    """The records of every run in ``work_dir``, oldest run first."""
    runs = sorted(
        d for d in os.listdir(work_dir)
        if osp.isfile(osp.join(work_dir, d, 'vis_data', 'scalars.json')))
    records = []
    for run in runs:
        with open(osp.join(work_dir, run, 'vis_data', 'scalars.json')) as f:
            records.append([json.loads(line) for line in f if line.strip()])
    return records


def last_record_with(work_dir: str, metric: str) -> Optional[dict]:
    """The last record holding ``metric``, from the newest run that has
    one (None if no run has)."""
    for records in reversed(run_records(work_dir)):
        values = [r for r in records if metric in r]
        if values:
            return values[-1]
    return None


def val_history(work_dir: str, metric: str) -> List[dict]:
    """Every record holding ``metric`` over all runs of ``work_dir`` (a
    resumed run continues the history), by step; a step validated twice
    keeps its newest record. Records at step 0 are left out: they come from
    a stand-alone validation of a checkpoint (``Runner.val()``), not from
    training."""
    by_step = {}
    for records in run_records(work_dir):
        for record in records:
            if metric in record and record.get('step', 0) > 0:
                by_step[record['step']] = record
    return [by_step[step] for step in sorted(by_step)]


def submodel_metrics(record: dict, metric: str) -> dict:
    """The val metrics of ``record`` evaluated on the same sub-model as
    ``metric`` (``teacher/mIoU`` -> ``teacher/mIoU_frequent``, ...),
    keyed without that prefix."""
    prefix = metric[:-len('mIoU')]
    return {k[len(prefix):]: v for k, v in record.items()
            if k.startswith(prefix) and '/' not in k[len(prefix):]
            and k[len(prefix):] not in ('step', 'time', 'data_time')}


def config_schedule(config: str) -> tuple:
    """``(max_iters, param_scheduler)`` of a config file: the schedulers
    as a list, or, for a model with one optimizer per sub-model, a dict of
    lists keyed by optimizer name."""
    from mmengine.config import Config

    import mmseg_semi  # noqa: F401  (mmseg:: config bases)
    cfg = Config.fromfile(config)
    schedulers = cfg.get('param_scheduler') or []
    if isinstance(schedulers, dict) and 'type' not in schedulers:
        return cfg.train_cfg.max_iters, {
            name: list(value) for name, value in schedulers.items()
        }
    if isinstance(schedulers, dict):
        schedulers = [schedulers]
    return cfg.train_cfg.max_iters, list(schedulers)


def shortened_schedule_options(max_iters: int,
                               schedulers: Union[Sequence[dict], dict],
                               iters: int,
                               val_interval: Optional[int] = None) -> list:
    """``--cfg-options`` that train ``iters`` instead of ``max_iters``
    iterations: validation every ``val_interval`` (default: at the end)
    with a checkpoint there, and every parameter scheduler's ``begin`` /
    ``end`` scaled by ``iters / max_iters`` (a 100-iteration warm-up would
    otherwise begin after a 20-iteration run has ended, which MMEngine
    rejects)."""
    val_interval = val_interval or iters
    options = [f'train_cfg.max_iters={iters}',
               f'train_cfg.val_interval={val_interval}',
               f'default_hooks.checkpoint.interval={val_interval}']
    groups = schedulers.items() if isinstance(schedulers, dict) \
        else [(None, schedulers)]
    for name, group in groups:
        prefix = 'param_scheduler' if name is None \
            else f'param_scheduler.{name}'
        for k, scheduler in enumerate(group):
            for key in ('begin', 'end'):
                if scheduler.get(key):
                    scaled = max(1,
                                 round(scheduler[key] * iters / max_iters))
                    options.append(f'{prefix}.{k}.{key}={scaled}')
    return options
