"""One-paragraph errors for the two most common config mistakes: a
``type`` that no registry knows, and a keyword argument that the class
does not take. Both name the closest valid names."""
import difflib
import importlib
import inspect
import re
from typing import Iterator, List, Optional

from mmengine.registry import Registry

_NOT_REGISTERED = re.compile(
    r'(?P<name>\S+) is not in the (?P<scope>\w+)::(?P<registry>[\w ]+) '
    r'registry')
# MMEngine words it either way, depending on where the build fails.
_BAD_ARGUMENT = re.compile(r'(?:class `(?P<cls>\w+)` in .*|(?P<cls2>\w+)'
                           r'\.__init__\(\) got an )unexpected keyword '
                           r"argument '(?P<arg>\w+)'")
_SCOPES = ('mogaseg', 'mmpretrain', 'mmdet', 'mmseg', 'mmpose', 'mmengine')


def _registries(name: Optional[str] = None) -> Iterator[Registry]:
    """The registries called ``name`` (all if None) of the known scopes."""
    for scope in _SCOPES:
        try:
            module = importlib.import_module(f'{scope}.registry')
        except ImportError:
            continue
        for value in vars(module).values():
            if isinstance(value, Registry) and name in (None, value.name):
                yield value


def _registered_names(registry: Registry) -> List[str]:
    """What ``type`` can say in ``registry``'s scope: its own names, its
    parents' and, prefixed with their scope, its children's."""
    names = set(registry.module_dict)
    parent = registry.parent
    while parent is not None:
        names |= set(parent.module_dict)
        parent = parent.parent
    root = registry
    while root.parent is not None:
        root = root.parent
    for child in root.children.values():
        names |= {f'{child.scope}.{key}' for key in child.module_dict}
    return sorted(names)


def _closest(word: str, candidates: List[str]) -> List[str]:
    # Compare without scope prefixes too: 'MogaNett' ~ 'mogaseg.MogaNet'.
    by_tail = {c.rsplit('.', 1)[-1]: c for c in candidates}
    tails = difflib.get_close_matches(
        word.rsplit('.', 1)[-1], list(by_tail), n=3, cutoff=0.6)
    return [by_tail[t] for t in tails]


def _did_you_mean(names: List[str]) -> str:
    if not names:
        return ''
    return ' Did you mean ' + ' or '.join(repr(n) for n in names) + '?'


def explain_build_error(error: Exception) -> Optional[str]:
    """A clear message for an unknown ``type`` or an unknown argument,
    None for any other error."""
    text = str(error.args[0]) if error.args else str(error)
    match = _NOT_REGISTERED.search(text)
    if isinstance(error, KeyError) and match:
        name, registry_name = match['name'], match['registry']
        candidates = []
        for registry in _registries(registry_name):
            if registry.scope == match['scope']:
                candidates = _registered_names(registry)
        return (f"unknown type {name!r}: the {registry_name} registry of "
                f"the {match['scope']!r} scope has no such entry."
                f'{_did_you_mean(_closest(name, candidates))} Types of '
                "this project need the 'mogaseg.' prefix (e.g. "
                "'mogaseg.MogaNet').")
    match = _BAD_ARGUMENT.search(text)
    if isinstance(error, TypeError) and match:
        cls_name = match['cls'] or match['cls2']
        cls = next((r.module_dict[cls_name] for r in _registries()
                    if cls_name in r.module_dict), None)
        params = [] if cls is None else [
            p for p in inspect.signature(cls.__init__).parameters
            if p not in ('self', 'args', 'kwargs')
        ]
        close = difflib.get_close_matches(match['arg'], params, n=3)
        known = f' Its arguments: {", ".join(params)}.' if params else ''
        return (f"{cls_name} takes no argument {match['arg']!r} (a "
                f'misspelt config key?).{_did_you_mean(close)}{known}')
    return None

