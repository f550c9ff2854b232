"""Run the test suite in the repository's venv (created on first use).

    python3 tools/run_tests.py [pytest options]

Tests that need the full CamVid copy (../shared/data/camvid or
$MMSEG_SEMI_CAMVID) skip when it is absent.
"""
import os
import subprocess
import sys

from _bootstrap import REPO, ensure_environment

if __name__ == '__main__':
    ensure_environment()
    os.chdir(REPO)
    args = sys.argv[1:] or ['-q']
    sys.exit(
        subprocess.call([
            sys.executable, '-m', 'pytest', 'tests', '-p',
            'no:cacheprovider', *args
        ]))
