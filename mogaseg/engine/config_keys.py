"""Misspelt config keys, caught before they are silently ignored.

MMEngine's Runner reads the top-level keys it knows and ignores the rest,
and ``Config.merge_from_dict`` creates whatever path ``--cfg-options``
names. So ``optim_wraper = ...`` in a config, or ``--cfg-options
train_cfg.max_epoch=1`` where the loop is configured elsewhere, leaves the
run on its defaults without a word. Here an unknown top-level key is warned
about with the closest known one, and an ``--cfg-options`` key whose path
matches nothing in the config stops the run.
"""
import difflib
import inspect
import logging
from typing import Iterable, List, Mapping, Optional

from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.runner import FlexibleRunner, Runner

from mogaseg.errors import ConfigError

# Top-level keys that MMEngine's Runner reads from ``cfg`` itself rather
# than taking as ``__init__`` arguments (``Runner.__init__``), and the
# config machinery's own.
_RUNNER_CFG_KEYS = ('model_wrapper_cfg', 'compile', 'find_unused_parameters',
                    'sync_bn', 'activation_checkpointing',
                    'efficient_conv_bn_eval', 'runner_type')
_CONFIG_KEYS = ('_base_', 'custom_imports', 'filename')
# Keys that the task libraries' tools and inferencers read (test-time
# augmentation, file backends, mmpose's codec), and the variables their
# shipped configs and ours define at the top level to build the others.
_TASK_KEYS = ('tta_model', 'tta_pipeline', 'backend_args', 'codec',
              'data_mode', 'vis_backends', 'dataset_type', 'data_root',
              'metainfo', 'classes', 'train_pipeline', 'val_pipeline',
              'test_pipeline', 'crop_size', 'img_scale', 'img_norm_cfg',
              'norm_cfg', 'max_epochs', 'max_iters', 'multi_scales',
              'pretrained', 'bgr_mean', 'bgr_std', 'num_classes',
              'img_ratios', 'num_levels', 'num_stages', 'num_proposals')
# A misspelling is this close (difflib's ratio) to the key it misspells.
# Below a top-level key fewer keys compete, and a new setting may well
# resemble an existing one (``drop_path_rate`` beside ``drop_rate``, 0.78).
_CLOSE = 0.75
_CLOSE_NESTED = 0.85


def known_top_level_keys() -> frozenset:
    """The top-level keys that MMEngine's runners, the config machinery and
    the task libraries read."""
    keys = set(_RUNNER_CFG_KEYS) | set(_CONFIG_KEYS) | set(_TASK_KEYS)
    for runner in (Runner, FlexibleRunner):
        keys |= set(inspect.signature(runner.__init__).parameters)
    return frozenset(keys - {'self', 'cfg'})


def _closest(key: str, candidates: Iterable[str],
             cutoff: float = _CLOSE) -> Optional[str]:
    matches = difflib.get_close_matches(key, list(candidates), n=1,
                                        cutoff=cutoff)
    return matches[0] if matches else None


def warn_unknown_top_level_keys(cfg: Config) -> List[str]:
    """Warn, naming the closest known key, about each top-level key that
    nothing reads; returns those keys. Private names (``_x``) are a
    config's own helpers."""
    known = known_top_level_keys()
    unknown = [k for k in cfg if k not in known and not k.startswith('_')]
    public = [k for k in known if not k.startswith('_')]
    for key in unknown:
        close = _closest(key, public)
        print_log(
            f'the config sets {key!r}, a top-level key that neither MMEngine '
            'nor the task libraries read, so it has no effect' +
            (f'; did you mean {close!r}?' if close else
             ' (fine for a variable the config only uses to build others)'),
            logger='current',
            level=logging.WARNING if close else logging.INFO)
    return unknown


def _is_dict(node) -> bool:
    return isinstance(node, (Mapping, Config))  # a Config is no Mapping


def _children(node) -> List[str]:
    if _is_dict(node):
        return [str(k) for k in node]
    return [str(i) for i in range(len(node))]


def _child(node, part: str):
    """``node[part]`` for a dict or a list (by index); KeyError if absent."""
    if _is_dict(node):
        return node[part]
    if isinstance(node, (list, tuple)) and part.isdigit() and \
            int(part) < len(node):
        return node[int(part)]
    raise KeyError(part)


def check_cfg_options(cfg: Config, options: Optional[Mapping]) -> None:
    """Each ``--cfg-options`` key must match the config: its top-level key
    is in the config or known, and below it no part is missing where the
    config has a key that it nearly spells (``model.backbone.archh``). A
    part that resembles nothing adds a setting (``with_cp`` where the
    config keeps the default).

    Raises:
        ConfigError: naming the part that matches nothing and the closest
            names at that level.
    """
    known = known_top_level_keys()
    for option in options or {}:
        parts = str(option).split('.')
        if parts[0] not in cfg:
            if parts[0] not in known:
                _raise_no_match(option, '', parts[0], cfg, known)
            continue  # a known key that the config leaves out
        node, path = cfg, ''
        for depth, part in enumerate(parts):
            try:
                node = _child(node, part)
            except KeyError:
                if isinstance(node, (list, tuple)) or _closest(
                        part, _children(node), _CLOSE_NESTED):
                    _raise_no_match(option, path, part, node)
                break  # a new setting
            path = f'{path}.{part}' if path else part
            if depth < len(parts) - 1 and not (
                    _is_dict(node) or isinstance(node, (list, tuple))):
                raise ConfigError(
                    f'--cfg-options {option}: {path} is {node!r}, not a '
                    f'dict or list, so it has no {parts[depth + 1]!r}')


def _raise_no_match(option: str, path: str, part: str, node,
                    known: Iterable[str] = ()) -> None:
    close = _closest(part, _children(node) + list(known))
    where = path or 'the config'
    hint = (f'did you mean {path + "." if path else ""}{close}?' if close
            else f'{where} has: {", ".join(_children(node)[:12])}.')
    raise ConfigError(
        f'--cfg-options {option}: {where} has no {part!r}, so this would '
        f'only add a setting that nothing reads; {hint}')
