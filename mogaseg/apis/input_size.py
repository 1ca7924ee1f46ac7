"""Images too large for a dense prediction at their own size.

mmseg and mmdet predict at the test scale but return the prediction at the
image's own size: mmseg upsamples the class scores (``num_classes`` floats
a pixel, 21.6 GB for ADE20K's 150 classes on a 6000x6000 photo), mmdet
pastes every instance mask. A large photo so ends in an out-of-memory
error after minutes. The model sees the image at the test pipeline's scale
anyway, so such an image is resized to that scale first, as the pipeline
would, and the prediction is that of the resized image; without a test
scale it is refused before anything is allocated.
"""
import logging
import os
from typing import Optional, Tuple, Union

import mmcv
import numpy as np
import torch
from mmengine.logging import print_log
from PIL import Image

from mogaseg.errors import UnreadableImageError

# A prediction may take this share of the memory that is free.
MEMORY_SHARE = 0.5


def memory_budget(device: Union[str, torch.device]) -> int:
    """The bytes a prediction on ``device`` may allocate: a share of the
    free GPU memory, or of the available host memory."""
    device = torch.device(device)
    if device.type == 'cuda':
        free = torch.cuda.mem_get_info(device)[0]
    else:
        free = _available_host_memory()
    return int(MEMORY_SHARE * free)


def _available_host_memory() -> int:
    try:
        with open('/proc/meminfo') as f:
            for line in f:
                if line.startswith('MemAvailable:'):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf('SC_AVPHYS_PAGES') * os.sysconf('SC_PAGE_SIZE')


def image_size(image: Union[str, np.ndarray]) -> Tuple[int, int]:
    """``(height, width)`` of an array, or of a file from its header alone
    (nothing is decoded)."""
    if isinstance(image, np.ndarray):
        return image.shape[:2]
    # The size is what is being checked: PIL's decompression-bomb limit
    # would refuse to tell it. Lifted for this read only, not for the
    # process (the dataset checks and the pipelines keep it).
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(image) as opened:
            width, height = opened.size
    except (OSError, ValueError) as error:
        raise UnreadableImageError(
            f'cannot read the image file {image}: {error}') from None
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return height, width


def prediction_bytes(model, height: int, width: int) -> int:
    """About what the prediction at ``height x width`` allocates: mmseg's
    class scores (float32) and labels (int64), or mmdet's instance masks
    (one byte a pixel each) and the image itself."""
    pixels = height * width
    head = getattr(model, 'decode_head', None)
    if head is not None:  # mmseg
        return pixels * (4 * head.num_classes + 8)
    masks = 0
    if getattr(getattr(model, 'roi_head', None), 'with_mask', False):
        rcnn = (model.cfg.model.get('test_cfg') or {}).get('rcnn') or {}
        masks = rcnn.get('max_per_img', 100)
    return pixels * (masks + 3)


def test_scale(cfg) -> Optional[Tuple[int, int]]:
    """The ``(width, height)`` bound that the test pipeline's ``Resize``
    scales an image to (keeping its ratio), if it has one."""
    dataset = cfg.get('test_dataloader', {}).get('dataset', {})
    pipeline = dataset.get('pipeline') or cfg.get('test_pipeline') or []
    for step in pipeline:
        if step.get('type', '').split('.')[-1] == 'Resize' and \
                step.get('scale') is not None:
            scale = step['scale']
            return (scale, scale) if isinstance(scale, int) else tuple(scale)
    return None


def fit_to_memory(model, image: Union[str, np.ndarray],
                  device) -> Union[str, np.ndarray]:
    """``image`` as it is, or, when its prediction at its own size would not
    fit in memory, the image resized to the test scale (a BGR array; the
    prediction is then that of the resized image).

    Raises:
        UnreadableImageError: The prediction does not fit and the config
            has no test scale to resize to, or not even the decoded image
            fits.
    """
    height, width = image_size(image)
    needed = prediction_bytes(model, height, width)
    budget = memory_budget(device)
    if needed <= budget:
        return image
    name = image if isinstance(image, str) else 'the image'
    scale = test_scale(model.cfg)
    if scale is None or 3 * height * width > budget:
        raise UnreadableImageError(
            f'{name} is {width}x{height} px: its prediction at that size '
            f'needs about {needed / 2**30:.1f} GiB, more than the '
            f'{budget / 2**30:.1f} GiB available for it, and ' +
            ('the config\'s test pipeline has no Resize to predict at a '
             'smaller scale. Resize the image, or add a Resize to the test '
             'pipeline.' if scale is None else
             'even the decoded image would not fit. Resize the image.'))
    array = image if isinstance(image, np.ndarray) else mmcv.imread(image)
    resized = mmcv.imrescale(array, scale)
    print_log(
        f'{name} is {width}x{height} px: its prediction at that size needs '
        f'about {needed / 2**30:.1f} GiB, more than the '
        f'{budget / 2**30:.1f} GiB available for it; predicting at the '
        f'test scale, {resized.shape[1]}x{resized.shape[0]} (the pipeline '
        'resizes to it anyway), so the result is that of the resized image',
        logger='current',
        level=logging.WARNING)
    return resized
