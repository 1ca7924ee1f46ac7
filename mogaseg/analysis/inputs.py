"""Images turned into a model's input batch, for the analysis tools: through
the config's test pipeline (what the model sees at test time), or resized to
a fixed shape (what the effective receptive field is measured on).

Both end in the model's own ``data_preprocessor`` (channel order,
normalisation, padding), so the tools need no per-task knowledge.
"""
import os.path as osp
from typing import List, NamedTuple, Sequence, Tuple

import mmcv
import numpy as np
import torch
import torch.nn as nn
from mmengine.dataset import Compose, pseudo_collate
from mmengine.registry import DefaultScope
from mmengine.structures import BaseDataElement

from mogaseg.errors import ConfigError, UnreadableImageError


class PreparedImage(NamedTuple):
    """One image prepared as the model sees it at test time."""
    # (1, C, H', W') float batch from the data preprocessor; H' x W' may be
    # larger than the image (padding to a size divisor).
    inputs: torch.Tensor
    # The H x W x 3 uint8 image that went into the preprocessor (after the
    # pipeline's resizing or cropping), in the loader's channel order (BGR).
    image: np.ndarray
    # The data sample the pipeline and preprocessor made (image meta).
    data_sample: BaseDataElement


def read_image(path: str) -> np.ndarray:
    """The BGR uint8 image at ``path``.

    Raises:
        UnreadableImageError: The file is missing or does not decode.
    """
    if not osp.isfile(path):
        raise UnreadableImageError(f'image file not found: {path}')
    image = mmcv.imread(path)
    if image is None:
        raise UnreadableImageError(f'cannot decode the image file {path}')
    return image


def _test_pipeline_cfg(cfg) -> list:
    dataset = cfg.get('test_dataloader', {}).get('dataset', {})
    pipeline = dataset.get('pipeline') or cfg.get('test_pipeline')
    if not pipeline:
        raise ConfigError(
            'the config has no test pipeline (neither '
            'test_dataloader.dataset.pipeline nor test_pipeline)')
    return pipeline


def prepare_test_image(model: nn.Module, path: str) -> PreparedImage:
    """Prepare one image file with the config's test pipeline and the
    model's data preprocessor.

    Args:
        model (nn.Module): A model from :func:`mogaseg.apis.init_model`,
            whose ``cfg`` pipelines are already set up for images without
            annotations.
        path (str): The image file.

    Returns:
        PreparedImage: The input batch, the image it was made from and its
        data sample.
    """
    read_image(path)  # a clear error before the pipeline's own
    cfg = model.cfg
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        pipeline = Compose(_test_pipeline_cfg(cfg))
        # img_id: mmdet's PackDetInputs keeps it as meta
        packed = pipeline(dict(img_path=path, img_id=0))
    image = packed['inputs'].permute(1, 2, 0).numpy()
    with torch.no_grad():
        data = model.data_preprocessor(pseudo_collate([packed]), False)
    return PreparedImage(data['inputs'], np.ascontiguousarray(image),
                      data['data_samples'][0])


def resized_inputs(model: nn.Module, images: Sequence[np.ndarray],
                   shape: Tuple[int, int]) -> torch.Tensor:
    """Resize BGR images to ``shape`` and normalise them with the model's
    data preprocessor.

    Args:
        model (nn.Module): Any mogaseg model (it has a ``data_preprocessor``).
        images (Sequence[np.ndarray]): H x W x 3 uint8 BGR images.
        shape (tuple[int, int]): The ``(H, W)`` of the batch.

    Returns:
        torch.Tensor: A ``(N, 3, H, W)`` float batch.

    Raises:
        ConfigError: The preprocessor pads ``shape`` to another size (use a
            multiple of its size divisor).
    """
    h, w = shape
    tensors: List[torch.Tensor] = [
        torch.from_numpy(
            mmcv.imresize(image, (w, h), interpolation='bicubic')).permute(
                2, 0, 1).contiguous() for image in images
    ]
    with torch.no_grad():
        data = model.data_preprocessor(
            dict(inputs=tensors,
                 data_samples=[BaseDataElement() for _ in tensors]), False)
    batch = data['inputs']
    if tuple(batch.shape[-2:]) != (h, w):
        raise ConfigError(
            f'the data preprocessor pads {h}x{w} images to '
            f'{batch.shape[-2]}x{batch.shape[-1]}; pick a shape that is a '
            'multiple of its size divisor (e.g. 224)')
    return batch
