"""Build the dataset of any task's config, outside the Runner."""
import copy

from mmengine.config import Config
from mmengine.dataset import BaseDataset
from mmengine.registry import DefaultScope

from mogaseg.datasets.checks import pop_strict
from mogaseg.engine.checks import check_dataset_paths, dataset_classes
from mogaseg.errors import ConfigError
from mogaseg.utils import register_all_modules
from .scopes import task_registry


def build_dataset(cfg: Config,
                  loader: str = 'train_dataloader',
                  pipeline: bool = True,
                  check_evaluator: bool = True) -> BaseDataset:
    """Build ``cfg.<loader>.dataset`` with its task's dataset class.

    Args:
        cfg (Config): A config of any task (after any ``--cfg-options``).
        loader (str): The dataloader whose dataset to build.
        pipeline (bool): Keep the dataset's pipeline; without it, items are
            the annotations alone (``get_data_info``), no image is read.
        check_evaluator (bool): Also require the annotation file of the
            loader's evaluator.

    Raises:
        ConfigError: The config has no such dataset, one of its files or
            folders is missing, or it has no samples (e.g. its classes are
            not categories of its annotation file).
    """
    register_all_modules(init_default_scope=False)
    if not (cfg.get(loader) or {}).get('dataset'):
        raise ConfigError(f'the config has no {loader}.dataset')
    check_dataset_paths(cfg, loaders=(loader, ), evaluators=check_evaluator)
    dataset_cfg = copy.deepcopy(cfg[loader].dataset)
    pop_strict(dataset_cfg)  # ours (tools/train.py), not the datasets'
    if not pipeline:
        dataset_cfg['pipeline'] = []
    try:
        with DefaultScope.overwrite_default_scope(cfg.default_scope):
            dataset = task_registry(cfg.default_scope,
                                    'DATASETS').build(dataset_cfg)
    except ValueError as error:
        # what MMEngine's serialisation of an empty data list raises
        if 'need at least one array' not in str(error):
            raise
        dataset = []
    if len(dataset) == 0:
        classes = dataset_classes(cfg, dataset_cfg) or ()
        shown = ', '.join(classes[:5]) + (', ...' if len(classes) > 5 else '')
        raise ConfigError(
            f'{loader}.dataset has no samples. If it reads an annotation '
            f'file, its classes ({shown}) must be categories of that file: '
            'images annotated with other classes only are dropped '
            '(filter_cfg); set metainfo.classes to the categories of the '
            'annotation file.')
    return dataset
