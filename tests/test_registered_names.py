"""Every name the README's "Registered names" table lists is registered in
that registry of mmseg.registry (DESIGN.md's names included)."""
import os.path as osp
import re

import pytest

import mmseg.registry as registries

README = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))),
                  'README.md')


def readme_table():
    with open(README) as f:
        text = f.read()
    start = text.index('Registered names')
    rows = re.findall(r'^\| ([A-Z_]+) \| (.+) \|$', text[start:], re.M)
    return [(registry, name) for registry, names in rows
            for name in re.findall(r'`(\w+)`', names)]


def test_table_is_found():
    registry_names = {r for r, _ in readme_table()}
    assert {'MODELS', 'HOOKS', 'TRANSFORMS', 'METRICS',
            'TASK_UTILS'} <= registry_names


@pytest.mark.parametrize('registry,name', readme_table())
def test_readme_name_is_registered(registry, name):
    assert getattr(registries, registry).get(name) is not None, \
        f'README lists {name} in {registry} but it is not registered there'
