"""The offline demo: a supervised baseline next to a semi-supervised method
at the same budget.

``DEMO`` below: the quality benchmark's VOC-subset models (DeepLabV3+ with
the ImageNet EfficientNet-Lite0 encoder, 192x192 crops) on the bundled
copy data/voc_subset_demo (the subset's own images), supervised on its 92
labelled images against Mean Teacher on those plus 458 unlabelled ones,
500 iterations each.

    python3 tools/run_demo.py [--iters N] [--work-dir DIR] [--seed S]

Creates/reuses the venv (tools/_bootstrap.py), then trains each run of
``DEMO`` (same model, schedule, labelled batch and number of iterations)
through ``tools/train.py`` (MMEngine's usual log, with ETA), validating
every quarter of the run. It prints a table of the last validation of
each model and the gain of the semi-supervised one, and writes the table
(``demo_results.md`` / ``.json``) and a plot of the metric against
iterations (``demo_miou.png``) to the work dir. ``--iters`` shortens (or
lengthens) every run, scaling warm-up and poly schedules alike.
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys
import time

from _bootstrap import REPO, ensure_environment

DEMO = dict(
    title='VOC-subset demo, ImageNet EfficientNet-Lite0 DeepLabV3+',
    val='245 val images',
    runs=[
        dict(model='Supervised baseline', data='92 labelled',
             config='configs/supervised/'
             'deeplabv3plus_efficientnet-lite0_voc-subset-demo-92-'
             '192x192.py',
             metric='mIoU'),
        dict(model='Mean Teacher (teacher)',
             data='92 labelled + 458 unlabelled',
             config='configs/mean_teacher/'
             'mean-teacher_deeplabv3plus_efficientnet-lite0_voc-subset-demo-'
             '92-192x192.py',
             metric='teacher/mIoU'),
    ],
    iters=500)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--iters', type=int, default=DEMO['iters'],
        help=f'training iterations of each model (default {DEMO["iters"]})')
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args(argv)


def train_options(config: str, iters: int, seed: int) -> list:
    """``--cfg-options`` of one demo run: ``iters`` iterations, validation
    and checkpoint every quarter, ``seed``."""
    from mmseg_semi.utils.run_records import (config_schedule,
                                              shortened_schedule_options)
    max_iters, schedulers = config_schedule(osp.join(REPO, config))
    return shortened_schedule_options(
        max_iters, schedulers, iters, max(iters // 4, 1)) + [
            f'randomness.seed={seed}', 'default_hooks.logger.interval=20'
        ]


def train(config: str, work_dir: str, options: list) -> float:
    """Run tools/train.py; returns the wall time in seconds."""
    cmd = [
        sys.executable,
        osp.join(REPO, 'tools', 'train.py'), config, '--work-dir', work_dir,
        '--cfg-options', *options
    ]
    print('+', ' '.join(cmd), flush=True)
    start = time.time()
    subprocess.check_call(cmd, cwd=REPO)
    return time.time() - start


def make_rows(runs: list, histories: list, iters: int) -> list:
    """One row per run: its last validation of ``metric`` (and of the
    other metrics of that sub-model, e.g. ``mIoU_frequent``), and the gain
    over the first run (the supervised baseline)."""
    from mmseg_semi.utils.run_records import submodel_metrics
    rows = []
    for run, history in zip(runs, histories):
        if not history:
            raise RuntimeError(f'{run["config"]}: no {run["metric"]!r} was '
                               'logged; did the run validate?')
        last = history[-1]
        rows.append(dict(
            model=run['model'], data=run['data'], iters=iters,
            step=last['step'],
            **{k: v for k, v in submodel_metrics(last, run['metric']).items()
               if k.startswith('mIoU')}))
    for row in rows:
        row['gain'] = row['mIoU'] - rows[0]['mIoU']
    return rows


def markdown_table(rows: list, val: str) -> str:
    extra = [k for k in rows[0] if k.startswith('mIoU_')]
    header = f'| model | training data | iterations | mIoU ({val}) | ' + \
        ''.join(f'{k} | ' for k in extra) + 'gain in mIoU |'
    lines = [header, '|' + '---|' * (5 + len(extra))]
    for r in rows:
        cells = [r['model'], r['data'], str(r['iters']), f"{r['mIoU']:.2f}"]
        cells += [f'{r[k]:.2f}' for k in extra]
        cells.append(f"{r['gain']:+.2f}")
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def plot(runs: list, histories: list, path: str, title: str,
         val: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for run, history, style in zip(runs, histories, ('o-', 's-', '^--')):
        ax.plot([r['step'] for r in history],
                [r[run['metric']] for r in history], style,
                label=f"{run['model']} ({run['data']})")
    ax.set_xlabel('iteration')
    ax.set_ylabel(f'mIoU (%) on {val}')
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv=None):
    from mmseg_semi.utils.run_records import val_history
    args = parse_args(argv)
    work_dir = osp.abspath(osp.join(REPO, args.work_dir))
    os.makedirs(work_dir, exist_ok=True)
    runs, histories, times = DEMO['runs'], [], []
    for k, run in enumerate(runs):
        run_dir = osp.join(work_dir, f'run{k}_' + osp.splitext(
            osp.basename(run['config']))[0])
        times.append(train(run['config'], run_dir,
                           train_options(run['config'], args.iters,
                                         args.seed)))
        histories.append(val_history(run_dir, run['metric']))
    rows = make_rows(runs, histories, args.iters)
    for row, seconds in zip(rows, times):
        row['train_seconds'] = round(seconds)
    table = markdown_table(rows, DEMO['val'])
    command = ('python3 tools/run_demo.py'
               f' --iters {args.iters} --seed {args.seed}')
    with open(osp.join(work_dir, 'demo_results.md'), 'w') as f:
        f.write(f'{table}\n\nProduced by `{command}`.\n')
    with open(osp.join(work_dir, 'demo_results.json'), 'w') as f:
        json.dump(dict(command=command, demo=DEMO, rows=rows,
                       histories=histories), f, indent=2)
    plot(runs, histories, osp.join(work_dir, 'demo_miou.png'),
         DEMO['title'], DEMO['val'])

    print(f"\n{DEMO['title']}: the same budget for every model (seed "
          f'{args.seed}); training took ' + ', '.join(
              f"{t / 60:.1f} min ({r['model']})"
              for t, r in zip(times, runs)) + '.\n')
    print(table)
    best = max(rows[1:], key=lambda r: r['mIoU'])
    print(f"\n{best['model']} vs the supervised baseline: "
          f"{best['gain']:+.2f} mIoU at the same budget.")
    print(f'Written to {work_dir}/demo_results.md, demo_results.json and '
          'demo_miou.png')


if __name__ == '__main__':
    ensure_environment()
    main()
