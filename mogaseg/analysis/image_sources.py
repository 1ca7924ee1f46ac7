"""Image files for the analysis tools: a config's validation images (read
by the config's own dataset class), or the images in a folder."""
import os.path as osp
from typing import List

import numpy as np
from mmengine.config import Config
from mmengine.utils import scandir

from mogaseg.apis import build_dataset
from mogaseg.errors import ConfigError

IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff',
                  '.webp')


def _spread(items: list, num: int) -> list:
    """``num`` items spread evenly over ``items`` (all when fewer): a
    dataset listed class by class still gives every class its share."""
    if num >= len(items):
        return list(items)
    return [items[i] for i in np.linspace(0, len(items) - 1, num).round()
            .astype(int)]


def folder_images(folder: str, num: int) -> List[str]:
    """Up to ``num`` image files under ``folder`` (recursively), spread
    evenly over their sorted paths.

    Raises:
        ConfigError: The folder is missing or holds no image file.
    """
    if not osp.isdir(folder):
        raise ConfigError(f'image folder not found: {folder}')
    paths = sorted(
        osp.join(folder, name)
        for name in scandir(folder, suffix=IMAGE_SUFFIXES, recursive=True,
                            case_sensitive=False))
    if not paths:
        raise ConfigError(f'no image files ({", ".join(IMAGE_SUFFIXES)}) '
                          f'in {folder}')
    return _spread(paths, num)


def dataset_image_paths(cfg: Config, num: int,
                        loader: str = 'val_dataloader') -> List[str]:
    """Up to ``num`` image paths of a config's dataset, spread evenly over
    it; the dataset is built by its own class (``cfg.<loader>.dataset``,
    without its pipeline).

    Args:
        cfg (Config): The config (after any ``--cfg-options``).
        num (int): How many paths.
        loader (str): The dataloader whose dataset to read; falls back to
            'test_dataloader' when the config has no such loader.

    Raises:
        ConfigError: The config has no such dataset, its files are missing
            or it is empty.
    """
    if not (cfg.get(loader) or {}).get('dataset'):
        if not (cfg.get('test_dataloader') or {}).get('dataset'):
            raise ConfigError(f'the config has no {loader}.dataset (nor '
                              'test_dataloader.dataset); pass --images DIR')
        loader = 'test_dataloader'
    # Only the dataset's own files matter here, not its evaluator's.
    dataset = build_dataset(
        cfg, loader, pipeline=False, check_evaluator=False)
    indices = _spread(list(range(len(dataset))), num)
    return [dataset.get_data_info(i)['img_path'] for i in indices]
