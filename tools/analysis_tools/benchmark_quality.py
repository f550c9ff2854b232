"""Quality benchmark: what semi-supervision buys, over seeds.

Runs a matrix of configs x seeds through tools/train.py, one run at a
time (two trainings on 2 cores slow each other 10x), and reports the val
mIoU of each method's *last* validation (never the best one: picking a
checkpoint on the val split would tune on it), as mean +- std over seeds,
the gain over the supervised baseline of its setting and the share of the
gap between that baseline and full supervision it closes.

    python tools/analysis_tools/benchmark_quality.py                # the benchmark
    python tools/analysis_tools/benchmark_quality.py --settings voc-subset \
        --seeds 0 1 2
    python tools/analysis_tools/benchmark_quality.py --quick        # smoke
    python tools/analysis_tools/benchmark_quality.py --report-only  # tables
    python tools/analysis_tools/benchmark_quality.py \
        --settings camvid-mean-teacher-ablation --seeds 0   # an ablation
    python tools/analysis_tools/benchmark_quality.py \
        --settings camvid-cps-ablation --seeds 0

Resumable: every finished run leaves ``result.json`` in
``WORK_DIR/<config>/seed<k>/`` and is skipped next time, so a matrix of
several hours can be completed over several sittings (an interrupted run
restarts from its last checkpoint with ``--resume``). A finished full run
is also recorded in ``RECORDS/<config>/seed<k>.json`` (``--records``,
default ``docs/benchmark_runs``, tracked in git): its last validation,
every validation before it (``val_history``), its options, wall time and
the commit it started with (and every sitting's). Work dirs are disposable (a new machine, a cleaned disk); the
records are the evidence the tables and charts are rebuilt from, and a
recorded run is never trained again. Writes
``OUT.json`` (every run and setting), ``OUT.md`` (the table),
``OUT.png`` (bar chart with error bars) and ``OUT_curves.png`` (val mIoU,
and mIoU_frequent where logged, against iterations of every sub-model of
each method, e.g. Mean Teacher's teacher and student, mean over the
finished seeds: where a method gains or loses during training); ``OUT``
defaults to ``WORK_DIR/benchmark``. The data of ../shared/data
(``--shared``) is linked into data/ when missing.

A method adds its configs to ``MATRIX`` below; so does an ablation, as a
setting of its own that shares the baselines' configs and records and
runs only when named (``ABLATION_SETTINGS``).
"""
import argparse
import json
import os
import os.path as osp
import statistics
import subprocess
import sys
import time
from typing import Dict, List, Optional, Sequence

from tqdm import tqdm

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
BENCH = 'configs/benchmark'
RECORDS = osp.join(REPO, 'docs', 'benchmark_runs')

# setting -> list of (method, config, metric); the first method of a
# setting is its supervised baseline, the second the full-label reference
MATRIX: Dict[str, List[tuple]] = {
    'voc-subset': [
        ('supervised (92 labelled)',
         f'{BENCH}/deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
         '192x192.py', 'mIoU'),
        ('supervised (all 1464 labelled)',
         f'{BENCH}/deeplabv3plus_efficientnet-lite0_3k_voc-subset-full-'
         '192x192.py', 'mIoU'),
        ('Mean Teacher',
         f'{BENCH}/mean-teacher_deeplabv3plus_efficientnet-lite0_3k_'
         'voc-subset-92-192x192.py', 'teacher/mIoU'),
        ('CPS',
         f'{BENCH}/cps_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
         '192x192.py', 'branch1/mIoU'),
        ('CPS + CutMix',
         f'{BENCH}/cps-cutmix_deeplabv3plus_efficientnet-lite0_3k_'
         'voc-subset-92-192x192.py', 'branch1/mIoU'),
        ('s4GAN',
         f'{BENCH}/s4gan_deeplabv3plus_efficientnet-lite0_3k_voc-subset-'
         '92-192x192.py', 'mIoU'),
        ('CycleGAN',
         f'{BENCH}/cyclegan_deeplabv3plus_efficientnet-lite0_3k_voc-subset-'
         '92-192x192.py', 'mIoU'),
        ('single-stage WSSS (tags of all 1464)',
         'configs/wsss/single-stage-wsss_efficientnet-lite0_3k_voc-subset-'
         'tags-192x192.py', 'mIoU'),
    ],
    'camvid': [
        ('supervised (1/8: 46 labelled)',
         f'{BENCH}/deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-'
         '176x224.py', 'mIoU'),
        ('supervised (all 367 labelled)',
         f'{BENCH}/deeplabv3plus_efficientnet-lite0_3k_camvid-full-'
         '176x224.py', 'mIoU'),
        ('Mean Teacher',
         f'{BENCH}/mean-teacher_deeplabv3plus_efficientnet-lite0_3k_'
         'camvid-1-8-176x224.py', 'teacher/mIoU'),
        ('CPS',
         f'{BENCH}/cps_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-'
         '176x224.py', 'branch1/mIoU'),
        ('CPS + CutMix',
         f'{BENCH}/cps-cutmix_deeplabv3plus_efficientnet-lite0_3k_'
         'camvid-1-8-176x224.py', 'branch1/mIoU'),
        ('s4GAN',
         f'{BENCH}/s4gan_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-'
         '176x224.py', 'mIoU'),
        ('CycleGAN',
         f'{BENCH}/cyclegan_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-'
         '176x224.py', 'mIoU'),
        ('single-stage WSSS (tags of all 367)',
         'configs/wsss/single-stage-wsss_efficientnet-lite0_3k_camvid-tags-'
         '176x224.py', 'mIoU'),
    ],
}
# an ablation: what each part of a method that misses does; it shares the
# baselines and the method (their configs, so their records) with its
# benchmark setting, and runs only when named with --settings
MATRIX['camvid-mean-teacher-ablation'] = [
    *MATRIX['camvid'][:3],  # supervised 1/8, full, Mean Teacher (x100)
    ('Mean Teacher, consistency x10',
     f'{BENCH}/mean-teacher-unsup-weight-10_deeplabv3plus_efficientnet-'
     'lite0_3k_camvid-1-8-176x224.py', 'teacher/mIoU'),
    ('Mean Teacher, consistency x0 (EMA teacher only)',
     f'{BENCH}/mean-teacher-unsup-weight-0_deeplabv3plus_efficientnet-'
     'lite0_3k_camvid-1-8-176x224.py', 'teacher/mIoU'),
]
MATRIX['camvid-cps-ablation'] = [
    *MATRIX['camvid'][:2],  # supervised 1/8, full
    MATRIX['camvid'][3],  # CPS (lambda 1.5)
    ('CPS, lambda 0 (two supervised branches)',
     f'{BENCH}/cps-lambda-0_deeplabv3plus_efficientnet-lite0_3k_'
     'camvid-1-8-176x224.py', 'branch1/mIoU'),
]
# settings that run only when named with --settings: ablations
ABLATION_SETTINGS = ('camvid-cps-ablation', 'camvid-mean-teacher-ablation')
# data folders linked from --shared into data/ when missing
DATA_LINKS = {
    'voc_subset': ('JPEGImages', 'SegmentationClass', 'train.txt', 'val.txt'),
    'camvid': ('train', 'trainannot', 'val', 'valannot', 'train.txt',
               'val.txt'),
}
QUICK_ITERS = 20
# val metrics reported next to mIoU when a setting's configs log them
# (ClassSubsetIoUMetric of the VOC-subset configs)
EXTRA_METRICS = ('mIoU_frequent', )


def link_data(shared: str) -> None:
    """Link ``shared/<name>/<item>`` to ``data/<name>/<item>`` if missing."""
    for name, items in DATA_LINKS.items():
        for item in items:
            target = osp.join(REPO, 'data', name, item)
            source = osp.join(shared, name, item)
            if osp.lexists(target) or not osp.exists(source):
                continue
            os.makedirs(osp.dirname(target), exist_ok=True)
            os.symlink(osp.abspath(source), target)


def last_metric(work_dir: str, metric: str) -> Optional[dict]:
    """The last record with ``metric`` in the newest run that has one."""
    from mmseg_semi.utils.run_records import last_record_with
    return last_record_with(work_dir, metric)


def metrics_of(record: dict, metric: str) -> dict:
    """The metrics of ``record``'s sub-model, without its prefix."""
    from mmseg_semi.utils.run_records import submodel_metrics
    return submodel_metrics(record, metric)


def config_schedule(config: str) -> tuple:
    """``(max_iters, param_scheduler)`` of a config."""
    from mmseg_semi.utils.run_records import config_schedule as schedule
    return schedule(osp.join(REPO, config))


def training_options(config: str, seed: int,
                     iters: Optional[int]) -> tuple:
    """``(cfg_options, final_iter)`` of one benchmark run.

    ``iters`` shortens the run (``--quick``): validation and checkpoint at
    its end, and every parameter scheduler's ``begin``/``end`` scaled by
    ``iters / max_iters`` (a warm-up of 100 iterations would otherwise
    begin after a 20-iteration run has ended).
    """
    from mmseg_semi.utils.run_records import shortened_schedule_options
    max_iters, schedulers = config_schedule(config)
    options = [f'randomness.seed={seed}', 'default_hooks.logger.interval=50']
    if iters is None:
        return options, max_iters
    return options + shortened_schedule_options(max_iters, schedulers,
                                                iters), iters


def validate_checkpoint(config: str, options: List[str], work_dir: str,
                        step: int, metric: str) -> dict:
    """Validate ``work_dir/iter_<step>.pth`` as the training's last
    validation would (same config, val loop and metric)."""
    checkpoint = osp.join(work_dir, f'iter_{step}.pth')
    if not osp.isfile(checkpoint):
        raise RuntimeError(
            f'{work_dir}: the run has no validation at iteration {step} and '
            f'no {osp.basename(checkpoint)} to validate; delete the folder '
            'to train it again')
    import mmseg_semi  # noqa: F401
    from mmengine.config import Config, DictAction
    from mmengine.runner import Runner
    cfg = Config.fromfile(osp.join(REPO, config))
    if options:
        parser = argparse.ArgumentParser()
        parser.add_argument('--o', nargs='+', action=DictAction)
        cfg.merge_from_dict(parser.parse_args(['--o', *options]).o)
    cfg.work_dir, cfg.load_from, cfg.resume = work_dir, checkpoint, False
    cfg.default_hooks.checkpoint = None  # no best-checkpoint bookkeeping
    metrics = Runner.from_cfg(cfg).val()
    # numpy scalars -> float, as the training log stores them
    return {'step': step, **{k: float(v) for k, v in metrics.items()}}


def run_one(config: str, metric: str, seed: int, work_dir: str,
            iters: Optional[int]) -> dict:
    """Train (or finish training) one config with one seed; return its
    result record, also written to ``work_dir/result.json``.

    The result is the validation at the final iteration. A run interrupted
    during that validation resumes at its final checkpoint and has nothing
    left to train: the checkpoint is then validated here.
    """
    result_file = osp.join(work_dir, 'result.json')
    if osp.isfile(result_file):
        return load_result(work_dir, config, seed, metric)
    os.makedirs(work_dir, exist_ok=True)
    commits = note_sitting_commit(work_dir)
    options, final_iter = training_options(config, seed, iters)
    cmd = [sys.executable, osp.join(REPO, 'tools', 'train.py'), config,
           '--work-dir', work_dir, '--resume', '--cfg-options', *options]
    start = time.time()
    with open(osp.join(work_dir, 'benchmark_stdout.log'), 'a') as log:
        proc = subprocess.run(cmd, cwd=REPO, stdout=log,
                              stderr=subprocess.STDOUT)
    if proc.returncode:
        raise RuntimeError(
            f'training {config} (seed {seed}) failed with exit code '
            f'{proc.returncode}; see {work_dir}/benchmark_stdout.log')
    record = last_metric(work_dir, metric)
    if record is None and not osp.isfile(
            osp.join(work_dir, f'iter_{final_iter}.pth')):
        raise RuntimeError(f'{work_dir}: no {metric!r} in the run\'s '
                           'scalars.json; does the config validate?')
    if record is None or record['step'] != final_iter:
        record = validate_checkpoint(config, options, work_dir, final_iter,
                                     metric)
    history = validation_history(work_dir, metric)
    if not history or history[-1]['step'] != record['step']:
        # a re-validated checkpoint is logged at step 0, which the
        # history leaves out: its record is the history's last point
        history.append(without_timings(record))
    result = dict(config=config, seed=seed, metric=metric,
                  value=record[metric], step=record['step'],
                  metrics=metrics_of(record, metric), cfg_options=options,
                  wall_time_s=round(time.time() - start),
                  commit=commits[0], sitting_commits=commits,
                  val_history=history)
    write_json(result, result_file)
    return result


def write_json(obj, path: str) -> None:
    """Write ``obj`` to ``path`` atomically: a crash leaves the old file
    (or none), never half a record."""
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')
    os.replace(tmp, path)


def git_commit() -> Optional[str]:
    """The repository's HEAD commit, ``+dirty`` when tracked files differ
    from it (None outside a git checkout)."""
    proc = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=REPO,
                          capture_output=True, text=True)
    if proc.returncode:
        return None
    status = subprocess.run(
        ['git', 'status', '--porcelain', '--untracked-files=no'], cwd=REPO,
        capture_output=True, text=True)
    dirty = '+dirty' if status.stdout.strip() else ''
    return proc.stdout.strip() + dirty


def note_sitting_commit(work_dir: str) -> List[Optional[str]]:
    """Append the commit this sitting trains with to the run's
    ``benchmark_commits.json`` and return every sitting's, first to last.

    The record's ``commit`` is the first: the code a run started with,
    not whatever HEAD is when its last sitting ends (a run of hours spans
    commits); ``sitting_commits`` shows a run resumed on other code.
    """
    path = osp.join(work_dir, 'benchmark_commits.json')
    commits = []
    if osp.isfile(path):
        with open(path) as f:
            commits = json.load(f)
    commits.append(git_commit())
    write_json(commits, path)
    return commits


def validation_history(work_dir: str, metric: str) -> List[dict]:
    """Every validation of the run (all sub-models' val metrics, by step),
    without the timing keys: what the curves chart is drawn from."""
    from mmseg_semi.utils.run_records import val_history
    return [without_timings(record)
            for record in val_history(work_dir, metric)]


def without_timings(record: dict) -> dict:
    """``record`` without MMEngine's ``time``/``data_time`` keys."""
    return {k: v for k, v in record.items()
            if k not in ('time', 'data_time')}


def record_path(records: str, config: str, seed: int) -> str:
    """``RECORDS/<config stem>/seed<k>.json``."""
    stem = osp.splitext(osp.basename(config))[0]
    return osp.join(records, stem, f'seed{seed}.json')


def existing_record(records: Optional[str], config: str,
                    seed: int) -> Optional[str]:
    """The path of the run's record if ``records`` holds one, else None
    (also when no records directory is used)."""
    if not records:
        return None
    path = record_path(records, config, seed)
    return path if osp.isfile(path) else None


RECORD_KEYS = ('config', 'seed', 'metric', 'value')


def load_record(path: str, config: str, seed: int, metric: str) -> dict:
    """The result recorded at ``path`` for ``config`` with ``seed``,
    checked: a record missing a key, or naming another config, seed or
    metric than its place in the matrix (a hand-edited or misplaced file),
    would put a wrong number into the tables."""
    record = load_json(path)
    missing = [key for key in RECORD_KEYS if key not in record]
    if missing:
        raise RuntimeError(f'{path} lacks {missing}; restore it from git or '
                           'delete it to train the run again')
    expected = dict(config=osp.splitext(osp.basename(config))[0], seed=seed,
                    metric=metric)
    found = dict(config=osp.splitext(osp.basename(record['config']))[0],
                 seed=record['seed'], metric=record['metric'])
    wrong = {k: found[k] for k in expected if found[k] != expected[k]}
    if wrong:
        raise RuntimeError(
            f'{path} records {wrong}, but its place stands for '
            f'{ {k: expected[k] for k in wrong} }: it is not this run\'s '
            'result; restore it from git or delete it')
    return record


def load_result(work_dir: str, config: str, seed: int, metric: str) -> dict:
    """The ``result.json`` of a finished run in ``work_dir``, checked
    (:func:`load_record`); one written before results had a
    ``val_history`` gets it from the run's scalars."""
    result = load_record(osp.join(work_dir, 'result.json'), config, seed,
                         metric)
    if 'val_history' not in result:
        result['val_history'] = validation_history(work_dir, metric)
    return result


def load_json(path: str) -> dict:
    with open(path) as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as err:
            raise RuntimeError(f'{path} is not valid JSON ({err}); restore '
                               'it from git or delete it') from err


def run_dir(work_dir: str, config: str, seed: int,
            iters: Optional[int]) -> str:
    """``WORK_DIR/<config stem>[/iters<N>]/seed<k>``: a shortened run
    (``--iters``) never stands in for a full one, nor the reverse."""
    stem = osp.splitext(osp.basename(config))[0]
    parts = [work_dir, stem] + ([f'iters{iters}'] if iters else [])
    return osp.join(*parts, f'seed{seed}')


def selected(method: str, patterns: Optional[List[str]],
             names: Sequence[str] = ()) -> bool:
    """Whether ``method`` matches one of ``patterns`` (all if None).

    Matching ignores case. A pattern that is one of ``names`` (the methods
    on offer) in full selects that method only, so ``CPS`` does not also
    run ``CPS + CutMix``; any other pattern selects every method whose name
    contains it (``supervised`` selects both baselines).
    """
    if patterns is None:
        return True
    full_names = {n.lower() for n in names}
    method = method.lower()
    return any(p.lower() == method or (p.lower() not in full_names
                                       and p.lower() in method)
               for p in patterns)


def finished_runs(matrix: Dict[str, List[tuple]], seeds: List[int],
                  work_dir: str, done: List[dict],
                  iters: Optional[int] = None,
                  records: Optional[str] = None) -> List[dict]:
    """Results of runs of ``matrix`` x ``seeds`` that finished earlier and
    are not in ``done``: their record in ``records`` or, failing that,
    their ``result.json`` in ``work_dir``, which is then recorded (a full
    run that finished before records existed, or whose record was lost).
    A config shared by several settings (an ablation's baselines) gives one
    result per seed."""
    seen = {(r['config'], r['seed']) for r in done}
    found = []
    for methods in matrix.values():
        for _, config, metric in methods:
            for seed in seeds:
                if (config, seed) in seen:
                    continue
                seen.add((config, seed))
                record = existing_record(records, config, seed)
                directory = run_dir(work_dir, config, seed, iters)
                if record:
                    found.append(load_record(record, config, seed, metric))
                elif osp.isfile(osp.join(directory, 'result.json')):
                    found.append(load_result(directory, config, seed, metric))
                    if records:
                        write_json(found[-1],
                                   record_path(records, config, seed))
    return found


def has_finished(config: str, seed: int, work_dir: str,
                 records: Optional[str]) -> bool:
    """Whether the run has a record or a ``result.json`` in ``work_dir``
    (``finished_or_run`` then only loads it)."""
    return existing_record(records, config, seed) is not None or osp.isfile(
        osp.join(work_dir, 'result.json'))


def finished_or_run(config: str, metric: str, seed: int, work_dir: str,
                    iters: Optional[int], records: Optional[str]) -> dict:
    """The run's record if it has one (it finished, maybe on another
    machine); otherwise train it (``run_one``) and record the result."""
    record = existing_record(records, config, seed)
    if record:
        return load_record(record, config, seed, metric)
    result = run_one(config, metric, seed, work_dir, iters)
    if records:
        write_json(result, record_path(records, config, seed))
    return result


def summarise(matrix: Dict[str, List[tuple]], results: List[dict],
              key: str = 'mIoU') -> list:
    """Per setting and method: values of the val metric ``key`` (``mIoU``,
    or another one recorded, e.g. ``mIoU_frequent``) over seeds, mean, std,
    gain over the setting's supervised baseline, share of the gap to full
    supervision. Runs without ``key`` are left out."""
    rows = []
    for setting, methods in matrix.items():
        stats = {}
        for method, config, _ in methods:
            values = [
                r['value'] if key == 'mIoU' else r['metrics'][key]
                for r in results if r['config'] == config and (
                    key == 'mIoU' or key in r.get('metrics', {}))
            ]
            if values:
                stats[method] = values
        base = statistics.mean(stats[methods[0][0]]) \
            if methods[0][0] in stats else None
        full = statistics.mean(stats[methods[1][0]]) \
            if len(methods) > 1 and methods[1][0] in stats else None
        for method, config, _ in methods:
            if method not in stats:
                continue
            values = stats[method]
            mean = statistics.mean(values)
            row = dict(setting=setting, method=method, config=config,
                       metric=key,
                       values=values, mean=mean,
                       std=statistics.stdev(values) if len(values) > 1
                       else 0.0)
            if base is not None:
                row['gain'] = mean - base
            if base is not None and full is not None and full != base:
                row['gap_closed'] = (mean - base) / (full - base)
            rows.append(row)
    return rows


def markdown(rows: list) -> str:
    """One table per val metric of ``rows``."""
    tables = []
    for key in dict.fromkeys(r.get('metric', 'mIoU') for r in rows):
        tables.append(markdown_table(
            [r for r in rows if r.get('metric', 'mIoU') == key], key))
    return '\n'.join(tables)


def markdown_table(rows: list, key: str) -> str:
    lines = [f'| setting | method | val {key} (mean +- std) | seeds | gain '
             'over supervised | share of the gap to full supervision '
             'closed |',
             '|---|---|---|---|---|---|']
    for row in rows:
        gain = f"{row['gain']:+.2f}" if 'gain' in row else ''
        gap = f"{100 * row['gap_closed']:.0f} %" if 'gap_closed' in row \
            else ''
        lines.append(
            f"| {row['setting']} | {row['method']} | {row['mean']:.2f} +- "
            f"{row['std']:.2f} | {len(row['values'])} | {gain} | {gap} |")
    return '\n'.join(lines) + '\n'


def bar_chart(rows: list, path: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    panels = list(dict.fromkeys(
        (r['setting'], r.get('metric', 'mIoU')) for r in rows))
    fig, axes = plt.subplots(
        1, len(panels), figsize=(6 * len(panels), 4.5), squeeze=False)
    for ax, (setting, key) in zip(axes[0], panels):
        subset = [r for r in rows if r['setting'] == setting
                  and r.get('metric', 'mIoU') == key]
        ax.bar(range(len(subset)), [r['mean'] for r in subset],
               yerr=[r['std'] for r in subset], capsize=4,
               color=[{0: '0.6', 1: '0.3'}.get(i, 'C0')
                      for i in range(len(subset))])
        ax.set_xticks(range(len(subset)))
        ax.set_xticklabels([r['method'] for r in subset], rotation=25,
                           ha='right', fontsize=8)
        ax.set_ylabel(f'val {key} (last validation)')
        ax.set_title(f'{setting} (mean +- std over seeds)')
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def submodel_keys(records: List[dict], metric: str) -> List[str]:
    """``metric`` and the same metric of the other sub-models logged in
    ``records`` (``teacher/mIoU`` -> ``teacher/mIoU``, ``student/mIoU``),
    the evaluated one first."""
    if '/' not in metric:
        return [metric]
    name = metric.split('/', 1)[1]
    others = sorted({k for r in records for k in r
                     if k.endswith('/' + name) and k != metric})
    return [metric, *others]


def run_history(result: dict, work_dir: str, iters: Optional[int],
                metric: str) -> List[dict]:
    """The validations of one finished run: its ``val_history``, or, for a
    result written before results had one, the scalars of its work dir
    (none if that is gone)."""
    if 'val_history' in result:
        return result['val_history']
    from mmseg_semi.utils.run_records import val_history
    directory = run_dir(work_dir, result['config'], result['seed'], iters)
    return val_history(directory, metric) if osp.isdir(directory) else []


def val_curves(matrix: Dict[str, List[tuple]], results: List[dict],
               work_dir: str, iters: Optional[int] = None,
               key: str = 'mIoU') -> list:
    """Per setting, method and sub-model: the val metric ``key`` (``mIoU``
    or e.g. ``mIoU_frequent``) at each validated iteration, mean over the
    finished runs (``results``) that validated there, read from each
    run's ``val_history`` (``run_history``); ``evaluated`` marks the
    sub-model the benchmark reports."""
    curves = []
    for setting, methods in matrix.items():
        for method, config, metric in methods:
            evaluated = metric[:-len('mIoU')] + key  # teacher/mIoU_frequent
            runs = sorted((r for r in results if r['config'] == config),
                          key=lambda r: r['seed'])
            seeds = [r['seed'] for r in runs]
            records = [
                record for run in runs
                for record in run_history(run, work_dir, iters, evaluated)
                if evaluated in record
            ]
            for name in submodel_keys(records, evaluated):
                by_step: Dict[int, list] = {}
                for record in records:
                    if name in record:
                        by_step.setdefault(record['step'],
                                           []).append(record[name])
                if not by_step:
                    continue
                steps = sorted(by_step)
                curves.append(dict(
                    setting=setting, method=method, metric=name,
                    key=key, evaluated=name == evaluated, seeds=seeds,
                    steps=steps,
                    mean=[statistics.mean(by_step[s]) for s in steps],
                    runs=[len(by_step[s]) for s in steps]))
    return curves


def curves_chart(curves: list, path: str) -> None:
    """One panel per setting and metric: a line per method and sub-model
    (solid: the evaluated sub-model; dashed: the others, e.g. the
    student)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    panels = list(dict.fromkeys((c['setting'], c['key']) for c in curves))
    fig, axes = plt.subplots(
        1, max(len(panels), 1), figsize=(6.5 * max(len(panels), 1), 4.5),
        squeeze=False)
    for ax, (setting, key) in zip(axes[0], panels):
        panel = [c for c in curves
                 if c['setting'] == setting and c['key'] == key]
        methods = list(dict.fromkeys(c['method'] for c in panel))
        for curve in panel:
            color = f"C{methods.index(curve['method'])}"
            label = curve['method'] if curve['evaluated'] else \
                f"{curve['method']}: {curve['metric'].split('/')[0]}"
            ax.plot(curve['steps'], curve['mean'],
                    'o-' if curve['evaluated'] else 's--', color=color,
                    alpha=1.0 if curve['evaluated'] else 0.6, label=label)
        ax.set_xlabel('iteration')
        ax.set_ylabel(f'val {key} (mean over finished seeds)')
        ax.set_title(setting)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def positive_int(text: str) -> int:
    """argparse type of ``--iters``: 0 would train nothing (and read as
    "not shortened")."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'{text} is not a positive number '
                                         'of iterations')
    return value


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    benchmark = [s for s in sorted(MATRIX) if s not in ABLATION_SETTINGS]
    parser.add_argument(
        '--settings', nargs='+', choices=sorted(MATRIX), default=benchmark,
        help=f'default: {" ".join(benchmark)} (the benchmark; an ablation '
        'setting runs only when named)')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument(
        '--methods', nargs='+', metavar='NAME',
        help='run only these methods: a full method name selects that '
        'method ("--methods CPS" is not CPS + CutMix), any other word the '
        'methods whose name contains it (case-insensitive; "--methods '
        'supervised" runs the two baselines of the label-gap check); the '
        'report still covers every finished run of the selected settings')
    parser.add_argument('--work-dir',
                        default=osp.join(REPO, 'work_dirs',
                                         'benchmark_quality'))
    parser.add_argument('--out', help='output prefix (default: '
                        'WORK_DIR/benchmark)')
    parser.add_argument(
        '--records', default=RECORDS,
        help='folder of the finished full runs\' records, kept in git '
        '(default: docs/benchmark_runs); not used with --iters/--quick')
    parser.add_argument('--shared',
                        default=osp.join(REPO, '..', 'shared', 'data'),
                        help='folder holding voc_subset/ and camvid/')
    parser.add_argument('--iters', type=positive_int,
                        help='override every config\'s max_iters')
    parser.add_argument(
        '--report-only', action='store_true',
        help='train nothing: rebuild the table, JSON and charts from the '
        'finished runs (records and work dirs) of the selected settings '
        'and seeds')
    parser.add_argument(
        '--quick', action='store_true',
        help=f'smoke test: {QUICK_ITERS} iterations, seed 0, in '
        'WORK_DIR/quick')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.quick:
        args.iters, args.seeds = QUICK_ITERS, [0]
        args.work_dir = osp.join(args.work_dir, 'quick')
    out = args.out or osp.join(args.work_dir, 'benchmark')
    # a shortened run never stands in for a full one
    records = None if args.iters else args.records
    link_data(args.shared)
    matrix = {s: MATRIX[s] for s in args.settings}
    # seed-major: every method's first seed comes first, so a partial
    # matrix already compares the methods; a config shared by two
    # settings runs once
    names = [name for methods in matrix.values() for name, _, _ in methods]
    runs = list(dict.fromkeys(
        (config, metric, seed) for seed in args.seeds
        for methods in matrix.values()
        for name, config, metric in methods
        if selected(name, args.methods, names)))
    if args.report_only:
        runs = []
    elif not runs:
        raise RuntimeError(f'--methods {args.methods} matches no method of '
                           f'{args.settings}')
    work_dirs = {(config, metric, seed): run_dir(args.work_dir, config, seed,
                                                 args.iters)
                 for config, metric, seed in runs}
    # finished runs are loaded first, so the bar (and its ETA) counts only
    # the runs that train
    to_train = [run for run in runs if not has_finished(
        run[0], run[2], work_dirs[run], records)]
    by_run = {run: finished_or_run(*run, work_dirs[run], args.iters, records)
              for run in runs if run not in to_train}
    if runs:
        print(f'{len(by_run)} of {len(runs)} runs finished already; '
              f'{len(to_train)} to train')
    with tqdm(to_train, desc='benchmark', unit='run') as progress:
        for run in progress:
            config, _, seed = run
            stem = osp.splitext(osp.basename(config))[0]
            progress.set_postfix_str(f'{stem} seed {seed}')
            by_run[run] = finished_or_run(*run, work_dirs[run], args.iters,
                                          records)
    results = [by_run[run] for run in runs]  # in the matrix's order
    results += finished_runs(matrix, args.seeds, args.work_dir, results,
                             args.iters, records)
    rows = [row for key in ('mIoU', *EXTRA_METRICS)
            for row in summarise(matrix, results, key)]
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    curves = [curve for key in ('mIoU', *EXTRA_METRICS)
              for curve in val_curves(matrix, results, args.work_dir,
                                      args.iters, key)]
    with open(out + '.json', 'w') as f:
        json.dump(dict(settings=dict(seeds=args.seeds, iters=args.iters,
                                     matrix=matrix),
                       runs=results, summary=rows, curves=curves), f,
                  indent=1)
    table = markdown(rows)
    with open(out + '.md', 'w') as f:
        f.write(table)
    bar_chart(rows, out + '.png')
    curves_chart(curves, out + '_curves.png')
    print(table)
    print(f'written: {out}.json, {out}.md, {out}.png, {out}_curves.png')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (RuntimeError, FileNotFoundError) as err:
        sys.exit(f'benchmark_quality.py: error: {err}')
