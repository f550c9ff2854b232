"""The offline demo: supervised baseline vs Mean Teacher on bundled CamVid.

    python3 tools/run_demo.py [--iters N] [--work-dir DIR] [--seed S]

Creates/reuses the venv (tools/_bootstrap.py), then trains, with the same
model, schedule, labelled batch and number of iterations,

1. the supervised baseline on the 23 labelled frames of data/camvid_demo,
2. Mean Teacher on the same 23 labelled + 161 unlabelled frames,

each through ``tools/train.py`` (MMEngine's usual log, with ETA), validating
on the 51 bundled val frames every quarter of the run. It then prints a
table of the final mIoU of each model, and writes it
(``demo_results.md`` / ``.json``) and a plot of mIoU against iterations
(``demo_miou.png``) to the work dir.
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys
import time

from _bootstrap import REPO, ensure_environment

SUPERVISED_CFG = 'configs/supervised/deeplabv3plus_r18-lite_camvid-demo-1-8.py'
MEAN_TEACHER_CFG = ('configs/mean_teacher/'
                    'mean-teacher_deeplabv3plus_r18-lite_camvid-demo-1-8.py')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--iters', type=int, default=800,
        help='training iterations of each model (default 800)')
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def train(config: str, work_dir: str, iters: int, seed: int) -> float:
    """Run tools/train.py; returns the wall time in seconds."""
    val_interval = max(iters // 4, 1)
    cmd = [
        sys.executable,
        osp.join(REPO, 'tools', 'train.py'), config, '--work-dir', work_dir,
        '--cfg-options', f'train_cfg.max_iters={iters}',
        f'train_cfg.val_interval={val_interval}',
        f'default_hooks.checkpoint.interval={val_interval}',
        f'randomness.seed={seed}',
        'default_hooks.logger.interval=20'
    ]
    print('+', ' '.join(cmd), flush=True)
    start = time.time()
    subprocess.check_call(cmd, cwd=REPO)
    return time.time() - start


def read_val_history(work_dir: str) -> list:
    """Validation records of the newest run in ``work_dir``.

    MMEngine's LocalVisBackend writes one JSON object per logged step to
    ``<work_dir>/<timestamp>/vis_data/scalars.json``; validation records
    are those with an mIoU key.
    """
    runs = sorted(
        d for d in os.listdir(work_dir)
        if osp.isfile(osp.join(work_dir, d, 'vis_data', 'scalars.json')))
    if not runs:
        raise FileNotFoundError(f'no scalars.json under {work_dir}')
    path = osp.join(work_dir, runs[-1], 'vis_data', 'scalars.json')
    with open(path) as f:
        records = [json.loads(line) for line in f if line.strip()]
    return [r for r in records if any(k.endswith('mIoU') for k in r)]


def make_rows(sup_history, mt_history, iters):
    sup_final, mt_final = sup_history[-1], mt_history[-1]
    return [
        dict(model='Supervised baseline', data='23 labelled',
             iters=iters, mIoU=sup_final['mIoU']),
        dict(model='Mean Teacher (teacher)',
             data='23 labelled + 161 unlabelled', iters=iters,
             mIoU=mt_final['teacher/mIoU']),
        dict(model='Mean Teacher (student)',
             data='23 labelled + 161 unlabelled', iters=iters,
             mIoU=mt_final['student/mIoU']),
    ]


def markdown_table(rows) -> str:
    lines = [
        '| model | training data | iterations | mIoU (51 val frames) |',
        '|---|---|---|---|'
    ]
    lines += [
        f"| {r['model']} | {r['data']} | {r['iters']} | {r['mIoU']:.2f} |"
        for r in rows
    ]
    return '\n'.join(lines)


def plot(sup_history, mt_history, path) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([r['step'] for r in sup_history],
            [r['mIoU'] for r in sup_history], 'o-',
            label='Supervised (23 labelled)')
    for key, style in (('teacher/mIoU', 's-'), ('student/mIoU', '^--')):
        ax.plot([r['step'] for r in mt_history],
                [r[key] for r in mt_history], style,
                label=f'Mean Teacher, {key.split("/")[0]}')
    ax.set_xlabel('iteration')
    ax.set_ylabel('mIoU (%) on 51 CamVid val frames')
    ax.set_title('CamVid demo (240x180), DeepLabV3+ R18-lite from scratch')
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main():
    args = parse_args()
    work_dir = osp.abspath(osp.join(REPO, args.work_dir))
    os.makedirs(work_dir, exist_ok=True)
    sup_dir = osp.join(work_dir, 'supervised')
    mt_dir = osp.join(work_dir, 'mean_teacher')
    sup_time = train(SUPERVISED_CFG, sup_dir, args.iters, args.seed)
    mt_time = train(MEAN_TEACHER_CFG, mt_dir, args.iters, args.seed)

    sup_history = read_val_history(sup_dir)
    mt_history = read_val_history(mt_dir)
    rows = make_rows(sup_history, mt_history, args.iters)
    rows[0]['train_seconds'] = round(sup_time)
    rows[1]['train_seconds'] = rows[2]['train_seconds'] = round(mt_time)
    table = markdown_table(rows)
    command = ('python3 tools/run_demo.py'
               f' --iters {args.iters} --seed {args.seed}')
    with open(osp.join(work_dir, 'demo_results.md'), 'w') as f:
        f.write(f'{table}\n\nProduced by `{command}`.\n')
    with open(osp.join(work_dir, 'demo_results.json'), 'w') as f:
        json.dump(
            dict(command=command, rows=rows, supervised=sup_history,
                 mean_teacher=mt_history), f, indent=2)
    plot(sup_history, mt_history, osp.join(work_dir, 'demo_miou.png'))

    print('\nCamVid demo, same budget for both (seed '
          f'{args.seed}); training took {sup_time / 60:.1f} min '
          f'(supervised) and {mt_time / 60:.1f} min (Mean Teacher).\n')
    print(table)
    print(f'\nWritten to {work_dir}/demo_results.md, demo_results.json and '
          'demo_miou.png')


if __name__ == '__main__':
    ensure_environment()
    main()
