"""Draw what the model is fed: a dataset's samples after its pipeline
(augmentations included), with their annotations."""
import os
import os.path as osp
from typing import Callable, Iterator, Optional

import numpy as np
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mogaseg.apis import build_visualizer, draw_sample
from mogaseg.apis.scopes import task_registry
from mogaseg.engine import ConfigError, check_dataset_paths
from mogaseg.engine.checks import dataset_classes

PHASES = ('train', 'val', 'test')


def build_dataset(cfg: Config, phase: str = 'train'):
    """Build the dataset of the config's ``{phase}_dataloader`` with its
    task's dataset class and pipeline."""
    if phase not in PHASES:
        raise ConfigError(f'phase must be one of {PHASES}, got {phase!r}')
    loader = f'{phase}_dataloader'
    if not cfg.get(loader) or 'dataset' not in cfg[loader]:
        raise ConfigError(f'the config has no {loader}.dataset')
    check_dataset_paths(cfg, loaders=(loader, ))
    try:
        with DefaultScope.overwrite_default_scope(cfg.default_scope):
            dataset = task_registry(cfg.default_scope,
                                    'DATASETS').build(cfg[loader].dataset)
    except ValueError as error:
        # what MMEngine's serialisation of an empty data list raises
        if 'need at least one array' not in str(error):
            raise
        dataset = []
    if len(dataset) == 0:
        classes = dataset_classes(cfg, cfg[loader].dataset) or ()
        shown = ', '.join(classes[:5]) + (', ...' if len(classes) > 5 else '')
        raise ConfigError(
            f'{loader}.dataset has no samples. If it reads an annotation '
            f'file, its classes ({shown}) must be categories of that file: '
            'images annotated with other classes only are dropped '
            '(filter_cfg); set metainfo.classes to the categories of the '
            'annotation file.')
    return dataset


def _packed_image(inputs) -> np.ndarray:
    """A packed CHW image tensor (BGR, as the loaders read it) -> HWC RGB."""
    image = inputs.permute(1, 2, 0).numpy()
    if image.shape[2] == 3:
        image = image[..., ::-1]
    return np.ascontiguousarray(image).astype(np.uint8)


def _loads_annotations_after_resize(pipeline) -> bool:
    """Test pipelines resize the image but load the boxes and masks
    afterwards, on the original scale, for the evaluation."""
    types = [str(step.get('type', '')) for step in pipeline or []]
    loads = [i for i, t in enumerate(types) if t.endswith('LoadAnnotations')]
    resizes = [i for i, t in enumerate(types) if 'Resize' in t]
    return bool(loads and resizes) and min(resizes) < min(loads)


def _instances_to_image_scale(data_sample):
    """Rescale a detection sample's boxes and masks to its resized image."""
    data_sample = data_sample.clone()
    instances = data_sample.gt_instances
    height, width = data_sample.metainfo['img_shape'][:2]
    if instances.get('masks') is not None:
        instances.masks = instances.masks.resize((height, width))
    if instances.get('bboxes') is not None:
        boxes = instances.bboxes.clone()
        boxes.rescale_(data_sample.metainfo['scale_factor'])
        instances.bboxes = boxes
    return data_sample


def browse_dataset(cfg: Config,
                   output_dir: str,
                   phase: str = 'train',
                   num_images: Optional[int] = 20,
                   on_image: Optional[Callable[[int, str], None]] = None
                   ) -> Iterator[str]:
    """Run the first ``num_images`` samples of a split through its pipeline
    and draw each with its annotations into ``output_dir``.

    Args:
        cfg (Config): A config of any task.
        output_dir (str): Where the PNG files go (created if missing).
        phase (str): 'train' (with the training augmentations), 'val' or
            'test'.
        num_images (int, optional): How many samples; None for all.
        on_image (callable, optional): Called with (index, file) after each
            image, to report progress.

    Yields:
        str: Each file written.
    """
    dataset = build_dataset(cfg, phase)
    rescale = _loads_annotations_after_resize(
        cfg[f'{phase}_dataloader'].dataset.get('pipeline'))
    visualizer = build_visualizer(cfg, dataset.metainfo)
    os.makedirs(output_dir, exist_ok=True)
    total = len(dataset) if num_images is None else min(
        num_images, len(dataset))
    for index in range(total):
        sample = dataset[index]
        data_sample = sample['data_samples']
        if rescale and 'gt_instances' in data_sample:
            data_sample = _instances_to_image_scale(data_sample)
        source = data_sample.metainfo.get('img_path') or f'{index}'
        name = osp.splitext(osp.basename(source))[0]
        out_file = osp.join(output_dir, f'{index:04d}_{name}.png')
        draw_sample(
            visualizer,
            _packed_image(sample['inputs']),
            data_sample,
            out_file,
            draw_gt=True,
            draw_pred=False)
        if on_image is not None:
            on_image(index, out_file)
        yield out_file
