"""Create (or reuse) the repository's virtual environment and re-run the
calling script inside it. Used by tools/run_demo.py and tools/run_tests.py,
so that each is one command on a machine that has nothing but Python.

- The venv lives in ``<repo>/.venv`` (override with ``MMSEG_SEMI_VENV``).
- It gets torch (``MMSEG_SEMI_TORCH``, default ``torch==2.13.0``, the CPU
  build these machines carry; set e.g. ``torch==2.4.1`` for CUDA), the
  pinned requirements and ``mmseg_semi`` itself in editable mode.
- A stamp file records what was installed; an unchanged repository is not
  reinstalled, so running a command twice is cheap and safe.
"""
import hashlib
import os
import os.path as osp
import subprocess
import sys
import venv

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
VENV = os.environ.get('MMSEG_SEMI_VENV', osp.join(REPO, '.venv'))
TORCH = os.environ.get('MMSEG_SEMI_TORCH', 'torch==2.13.0')
INSTALL_INPUTS = ('setup.py', 'requirements/runtime.txt',
                  'requirements/tests.txt')


def _venv_python() -> str:
    if os.name == 'nt':
        return osp.join(VENV, 'Scripts', 'python.exe')
    return osp.join(VENV, 'bin', 'python')


def _inside_venv() -> bool:
    return osp.realpath(sys.prefix) == osp.realpath(VENV)


def _install_stamp() -> str:
    digest = hashlib.sha256(TORCH.encode())
    for name in INSTALL_INPUTS:
        with open(osp.join(REPO, name), 'rb') as f:
            digest.update(f.read())
    return digest.hexdigest()


def _run(cmd) -> None:
    print('+', ' '.join(cmd), flush=True)
    subprocess.check_call(cmd, cwd=REPO)


def ensure_environment() -> None:
    """Make the venv ready, then re-execute this process inside it."""
    if _inside_venv():
        return
    python = _venv_python()
    if not osp.isfile(python):
        print(f'Creating virtual environment {VENV}', flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp_file = osp.join(VENV, '.mmseg_semi_installed')
    stamp = _install_stamp()
    installed = open(stamp_file).read().strip() \
        if osp.isfile(stamp_file) else None
    if installed != stamp:
        _run([
            python, '-m', 'pip', 'install', '--disable-pip-version-check',
            TORCH, '-r', 'requirements/runtime.txt', '-r',
            'requirements/tests.txt', '-e', '.'
        ])
        with open(stamp_file, 'w') as f:
            f.write(stamp + '\n')
    else:
        print(f'Reusing {VENV} (requirements unchanged)', flush=True)
    script = osp.abspath(sys.argv[0])
    os.execv(python, [python, script] + sys.argv[1:])
