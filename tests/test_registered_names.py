"""Every name the README's "Registered names" table lists is registered in
that registry of mmseg.registry (DESIGN.md's names included)."""
import os.path as osp
import re

import pytest
from mmengine.registry import Registry

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


def test_every_registered_name_is_in_the_table():
    """The reverse: a type this package registers is listed."""
    import mmseg_semi  # noqa: F401
    listed = set(readme_table())
    missing = []
    for registry in dir(registries):
        if not isinstance(getattr(registries, registry), Registry):
            continue
        module_dict = getattr(registries, registry).module_dict
        missing += [(registry, name) for name, obj in module_dict.items()
                    if obj.__module__.startswith('mmseg_semi.')
                    and (registry, name) not in listed]
    assert not missing, f'registered but not in the README table: {missing}'
