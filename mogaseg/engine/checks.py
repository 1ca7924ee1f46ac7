"""Checks of a config that turn the usual late, deep failures (a missing
annotation file found when the dataloader is first built, a class-count
mismatch found as a shape error in the loss) into one clear message before
anything is built."""
import os.path as osp
from typing import Iterator, List, Optional, Sequence, Tuple

import mmengine
import torch
from mmengine.config import Config
from mmengine.registry import DATASETS

from mogaseg.datasets.checks import check_dataset, pop_strict
from mogaseg.errors import ConfigError


_LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
_EVALUATORS = {'val_dataloader': 'val_evaluator',
               'test_dataloader': 'test_evaluator'}


def _leaf_datasets(dataset: dict) -> Iterator[dict]:
    """The datasets inside wrappers such as ConcatDataset/RepeatDataset."""
    if 'datasets' in dataset:
        for sub in dataset['datasets']:
            yield from _leaf_datasets(sub)
    elif isinstance(dataset.get('dataset'), dict):
        yield from _leaf_datasets(dataset['dataset'])
    else:
        yield dataset


def _under_root(data_root: str, path: str) -> str:
    return path if osp.isabs(path) or not data_root else osp.join(
        data_root, path)


def check_dataset_paths(cfg: Config,
                        loaders: Sequence[str] = _LOADERS,
                        evaluators: bool = True) -> None:
    """Every ``data_root``, ``ann_file`` and ``data_prefix`` folder that the
    given dataloaders (and, with ``evaluators``, their evaluators) name must
    exist."""
    for loader in loaders:
        loader_cfg = cfg.get(loader)
        if not loader_cfg or 'dataset' not in loader_cfg:
            continue
        for dataset in _leaf_datasets(loader_cfg['dataset']):
            data_root = dataset.get('data_root', '') or ''
            where = f"{loader} ({dataset.get('type', 'dataset')})"
            if data_root and not osp.isdir(data_root):
                raise ConfigError(
                    f'{where}: data_root {data_root!r} is not a directory')
            ann_file = dataset.get('ann_file', '')
            if ann_file and not osp.isfile(_under_root(data_root, ann_file)):
                raise ConfigError(
                    f'{where}: annotation file not found: '
                    f'{_under_root(data_root, ann_file)}')
            prefix = dataset.get('data_prefix', {})
            if isinstance(prefix, str):
                prefix = dict(img_path=prefix)
            for key, folder in prefix.items():
                path = _under_root(data_root, folder)
                if folder and not osp.isdir(path):
                    raise ConfigError(
                        f'{where}: data_prefix.{key} folder not found: {path}')
        if not evaluators:
            continue
        evaluator_cfgs = cfg.get(_EVALUATORS.get(loader, ''))
        if isinstance(evaluator_cfgs, dict):
            evaluator_cfgs = [evaluator_cfgs]
        for evaluator in evaluator_cfgs or []:
            ann_file = evaluator.get('ann_file')
            if ann_file and not osp.isfile(ann_file):
                raise ConfigError(
                    f"{_EVALUATORS[loader]} ({evaluator.get('type')}): "
                    f'annotation file not found: {ann_file}')


def dataset_classes(cfg: Config, dataset: dict) -> Optional[Tuple[str]]:
    """The class names of a dataset config: its ``metainfo.classes`` (or
    mmpretrain's ``classes``, a list or a file), else its class's
    defaults; None when neither says."""
    metainfo = dataset.get('metainfo') or {}
    classes = metainfo.get('classes', dataset.get('classes'))
    if isinstance(classes, str):  # mmpretrain: a file, one name a line
        if not osp.isfile(classes):
            raise ConfigError(f'classes file not found: {classes}')
        return tuple(mmengine.list_from_file(classes))
    if classes is not None:
        return tuple(classes)
    scope = cfg.get('default_scope')
    with DATASETS.switch_scope_and_registry(scope) as registry:
        dataset_cls = registry.get(dataset.get('type', ''))
    default = getattr(dataset_cls, 'METAINFO', {}).get('classes')
    return tuple(default) if default is not None else None


def config_dicts(node, path: str) -> Iterator[Tuple[str, dict]]:
    """Every dict inside a config node (itself included), with its path in
    the ``model.backbone.norm_cfg`` / ``pipeline[0]`` notation, parents
    before children."""
    if isinstance(node, dict):  # ConfigDict is a dict
        yield path, node
        for key, value in node.items():
            yield from config_dicts(value, f'{path}.{key}')
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from config_dicts(value, f'{path}[{i}]')


def _num_classes_settings(node, path: str = 'model') -> List[Tuple[str, int]]:
    """``(path, value)`` of every ``num_classes`` in the model config."""
    return [(f'{sub}.num_classes', d['num_classes'])
            for sub, d in config_dicts(node, path)
            if isinstance(d.get('num_classes'), int)]


def check_num_classes(cfg: Config, loader: str = 'train_dataloader') -> None:
    """Each ``num_classes`` of the model must equal the number of classes of
    the dataset that ``loader`` reads."""
    loader_cfg = cfg.get(loader)
    if not loader_cfg or 'dataset' not in loader_cfg or 'model' not in cfg:
        return
    for dataset in _leaf_datasets(loader_cfg['dataset']):
        classes = dataset_classes(cfg, dataset)
        if classes is None:
            continue
        for path, value in _num_classes_settings(cfg.model):
            if value != len(classes):
                shown = ', '.join(classes[:8]) + \
                    (', ...' if len(classes) > 8 else '')
                raise ConfigError(
                    f'{loader} has {len(classes)} classes ({shown}) but '
                    f'{path} = {value}. Set the model\'s num_classes to '
                    f'{len(classes)}, or the dataset\'s metainfo.classes to '
                    f'the {value} classes the model predicts.')


def check_annotations(cfg: Config,
                      loaders: Sequence[str] = ('train_dataloader', ),
                      strict: bool = False) -> None:
    """Read the annotations of the given dataloaders' datasets before
    training (:mod:`mogaseg.datasets.checks`): structural problems raise
    :class:`~mogaseg.errors.DataError`, annotations that would be lost are
    counted in one warning per dataset, or raise with ``strict`` (or
    ``strict=True`` in the dataset config, which leaves the config here:
    the task libraries' datasets do not take it)."""
    for loader in loaders:
        loader_cfg = cfg.get(loader)
        if not loader_cfg or 'dataset' not in loader_cfg:
            continue
        loader_strict = pop_strict(loader_cfg['dataset']) or strict
        for dataset in _leaf_datasets(loader_cfg['dataset']):
            check_dataset(dataset, cfg.get('default_scope'), loader,
                          model=cfg.get('model'),
                          training=loader == 'train_dataloader',
                          strict=loader_strict)


def check_train_config(cfg: Config, strict_data: bool = False) -> None:
    """The checks for ``tools/train.py``: dataset paths of training (and
    validation, if on), the class count of the training data, and their
    annotations (``strict_data``: lost annotations are fatal)."""
    loaders = ['train_dataloader']
    if cfg.get('val_cfg') is not None:
        loaders.append('val_dataloader')
    check_dataset_paths(cfg, loaders)
    check_num_classes(cfg, 'train_dataloader')
    check_annotations(cfg, loaders, strict_data)


def check_test_config(cfg: Config) -> None:
    """The checks for ``tools/test.py``."""
    if cfg.get('test_dataloader') and 'dataset' in cfg.test_dataloader:
        pop_strict(cfg.test_dataloader.dataset)  # a training option
    check_dataset_paths(cfg, ['test_dataloader'])
    check_num_classes(cfg, 'test_dataloader')


def check_image_task(cfg: Config, tool: str) -> None:
    """Stop a tool made for image models (effective receptive fields, class
    activation maps, ONNX export, the image demo) at a video prediction
    config, naming the tools that do take it."""
    if cfg.get('default_scope') == 'mogaseg':
        raise ConfigError(
            f'{tool} works on image models, and this config is a video '
            f"prediction model ({cfg.model.get('type')}); for it use "
            'tools/test.py (--show-dir draws its predictions), '
            'tools/analysis/get_flops.py, tools/analysis/benchmark.py or '
            'mogaseg.apis.inference_model')


def _as_list(value) -> List[int]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _expected_channels(model) -> Optional[Tuple[str, List[int]]]:
    """(setting, channels) that the module after the backbone expects, per
    backbone output it reads."""
    neck = getattr(model, 'neck', None)
    if neck is not None and hasattr(neck, 'in_channels'):  # FPN
        return 'model.neck.in_channels', _as_list(neck.in_channels)
    head = getattr(model, 'decode_head', None)  # segmentors without neck
    if neck is None and head is not None and hasattr(head, 'in_channels'):
        channels = _as_list(head.in_channels)
        return 'model.decode_head.in_channels', channels
    head = getattr(model, 'head', None)  # classifiers (pooling neck)
    if head is not None and hasattr(head, 'in_channels'):
        return 'model.head.in_channels', [head.in_channels]
    return None


def check_model_channels(model, input_size: int = 64) -> None:
    """The channels of the backbone's outputs must be those that the neck
    (or the head) was built for; checked on a small dummy image, so that a
    mismatch is one clear message instead of a conv shape error in the
    first iteration."""
    backbone = getattr(model, 'backbone', None)
    expected = _expected_channels(model)
    if backbone is None or expected is None:
        return
    setting, channels = expected
    was_training = backbone.training
    backbone.eval()  # no BatchNorm statistics updates
    try:
        param = next(backbone.parameters(), None)
        device = param.device if param is not None else 'cpu'
        with torch.no_grad():
            outs = backbone(torch.zeros(1, 3, input_size, input_size,
                                        device=device))
    finally:
        backbone.train(was_training)
    outs = outs if isinstance(outs, (list, tuple)) else [outs]
    produced = [int(out.shape[1]) for out in outs]
    head = getattr(model, 'decode_head', None)
    if setting == 'model.decode_head.in_channels' and \
            hasattr(head, 'in_index'):
        produced = [produced[i] for i in _as_list(head.in_index)]
    elif setting == 'model.head.in_channels':
        produced = produced[-1:]  # the pooling neck reads the last output
    if produced != channels:
        name = type(backbone).__name__
        raise ConfigError(
            f'the backbone ({name}) outputs {produced} channels, but '
            f'{setting} = {channels if len(channels) > 1 else channels[0]}. '
            f'Set {setting} to '
            f'{produced if len(produced) > 1 else produced[0]} (or change '
            "the backbone's arch / out_indices).")
