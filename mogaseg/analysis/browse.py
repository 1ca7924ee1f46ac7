"""Draw what the model is fed: a dataset's samples after its pipeline
(augmentations included), with their annotations; a video dataset's
sequences as their input and target frames."""
import os
import os.path as osp
from typing import Callable, Iterator, Optional

import mmcv
import numpy as np
from mmengine.config import Config

from mogaseg.apis import build_dataset, build_visualizer, draw_sample
from mogaseg.errors import ConfigError
from mogaseg.visualization import draw_video_prediction

PHASES = ('train', 'val', 'test')


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
    if phase not in PHASES:
        raise ConfigError(f'phase must be one of {PHASES}, got {phase!r}')
    loader = f'{phase}_dataloader'
    dataset = build_dataset(cfg, loader)
    rescale = _loads_annotations_after_resize(
        cfg[loader].dataset.get('pipeline'))
    visualizer = build_visualizer(cfg, dataset.metainfo)
    os.makedirs(output_dir, exist_ok=True)
    total = len(dataset) if num_images is None else min(
        num_images, len(dataset))
    for index in range(total):
        sample = dataset[index]
        if 'targets' in sample:  # a video sequence: no annotations to draw
            out_file = osp.join(output_dir, f'{index:04d}_sequence.png')
            mmcv.imwrite(
                draw_video_prediction(sample['inputs'], sample['targets']),
                out_file)
            if on_image is not None:
                on_image(index, out_file)
            yield out_file
            continue
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
