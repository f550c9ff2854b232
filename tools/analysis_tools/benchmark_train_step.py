"""Where one training iteration's time goes.

    python tools/analysis_tools/benchmark_train_step.py CONFIG \
        [--iters 5] [--warmup 2] [--out JSON] [--cfg-options KEY=VALUE ...]

Builds the config's model, optimizers and training dataloader as
``tools/train.py`` would, loads ``--warmup + --iters`` batches first (data
loading is not timed), then times ``model.train_step`` on each: the whole
step, and the forward passes of every sub-model of a multi-model
segmentor (``segmentor``, ``generator``, ``teacher``, ...: the modules
its training code calls), with the number of calls. What remains of the
step is backward passes, optimizer steps and preprocessing. Hooks (e.g.
Mean Teacher's EMA update) and validation are not part of a step.

The times are for comparing configs on the same machine (e.g. a
discriminator at two widths), measured while nothing else runs; the
quality benchmark's logs give the time of whole runs.
"""
import argparse
import json
import time
from collections import defaultdict
from typing import Dict, List

import mmseg_semi  # noqa: F401  (registers types, mmseg:: config scope)
import numpy as np
from mmengine.config import Config, DictAction
from mmengine.runner import Runner
from mmseg_semi.engine import MemoryFormatHook
from torch import nn
from tqdm import tqdm


class ForwardTimer:
    """Wall time and number of calls of the forward passes of named
    modules, from forward pre- and post-hooks (a module called through
    ``module(...)``; a method calling ``self.forward`` directly is not
    seen). Use as a context manager; :meth:`reset` between steps."""

    def __init__(self, modules: Dict[str, nn.Module]) -> None:
        self.modules = modules
        self.seconds: Dict[str, float] = defaultdict(float)
        self.calls: Dict[str, int] = defaultdict(int)
        self._started: Dict[str, List[float]] = defaultdict(list)
        self._handles = []

    def __enter__(self) -> 'ForwardTimer':
        for name, module in self.modules.items():
            self._handles.append(module.register_forward_pre_hook(
                lambda *_, name=name: self._started[name].append(
                    time.perf_counter())))
            self._handles.append(module.register_forward_hook(
                lambda *_, name=name: self._stop(name)))
        return self

    def _stop(self, name: str) -> None:
        self.seconds[name] += time.perf_counter() - self._started[name].pop()
        self.calls[name] += 1

    def __exit__(self, *exc) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles.clear()

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()


def timed_modules(model: nn.Module) -> Dict[str, nn.Module]:
    """The sub-models of a multi-model segmentor (``submodel_names``);
    none for a plain MMSeg segmentor (only the whole step is timed)."""
    names = getattr(model, 'submodel_names', ())
    return {name: model.get_module(name) for name in names}


def build_runner(cfg: Config) -> Runner:
    """A Runner with the config's model, optimizer wrapper(s) and training
    dataloader, ready for ``model.train_step``, its weights in the memory
    format the config trains in (a :class:`MemoryFormatHook` among its
    hooks is applied)."""
    runner = Runner.from_cfg(cfg)
    runner.optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
    for hook in runner.hooks:
        if isinstance(hook, MemoryFormatHook):
            hook.before_train(runner)
    runner.model.train()
    return runner


def time_train_steps(runner: Runner, iters: int, warmup: int) -> dict:
    """Time ``iters`` training steps after ``warmup`` untimed ones.

    Returns ``{'iters': n, 'step_seconds': [per step], 'forward':
    {name: {'seconds': [per step], 'calls_per_step': k}}}``.
    """
    if iters < 1 or warmup < 0:
        raise ValueError(f'--iters must be >= 1 and --warmup >= 0, got '
                         f'{iters} and {warmup}')
    loader = iter(runner.train_dataloader)
    batches = [next(loader) for _ in tqdm(range(warmup + iters),
                                          desc='loading batches')]
    model, optim_wrapper = runner.model, runner.optim_wrapper
    modules = timed_modules(model)
    result = dict(iters=iters, step_seconds=[],
                  forward={name: dict(seconds=[], calls_per_step=None)
                           for name in modules})
    with ForwardTimer(modules) as timer:
        for i, batch in enumerate(tqdm(batches, desc='train steps')):
            timer.reset()
            start = time.perf_counter()
            model.train_step(batch, optim_wrapper)
            seconds = time.perf_counter() - start
            if i < warmup:
                continue
            result['step_seconds'].append(seconds)
            for name, record in result['forward'].items():
                record['seconds'].append(timer.seconds[name])
                record['calls_per_step'] = timer.calls[name]
    return result


def report(result: dict) -> str:
    """Mean seconds per step as a Markdown table."""
    step = float(np.mean(result['step_seconds']))
    lines = [f'{result["iters"]} timed steps, {step:.3f} s a step', '',
             '| part | s a step | share | calls a step |', '|---|---|---|---|']
    forwards = 0.0
    for name, record in result['forward'].items():
        seconds = float(np.mean(record['seconds']))
        forwards += seconds
        lines.append(f'| {name} forward | {seconds:.3f} | '
                     f'{100 * seconds / step:.0f} % | '
                     f'{record["calls_per_step"]} |')
    rest = step - forwards
    lines.append(f'| the rest (backward, optimizer steps, preprocessing) | '
                 f'{rest:.3f} | {100 * rest / step:.0f} % | |')
    return '\n'.join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('--iters', type=int, default=5)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--work-dir', default='work_dirs/benchmark_train_step')
    parser.add_argument('--out', help='write the times to this JSON file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def main(argv=None) -> dict:
    args = parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    cfg.work_dir = args.work_dir
    result = time_train_steps(build_runner(cfg), args.iters, args.warmup)
    result['config'] = args.config
    result['cfg_options'] = args.cfg_options or {}
    print(report(result))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == '__main__':
    main()
