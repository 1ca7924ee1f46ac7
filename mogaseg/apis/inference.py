"""Load a trained model from its config and checkpoint, and run it on
images (or, for video prediction, frames), for any of the five tasks.

The prediction itself is the task library's: mmpretrain's
``ImageClassificationInferencer``, mmdet's ``inference_detector``, mmseg's
``inference_model`` and mmpose's ``inference_topdown``; this module only
picks the one the config's task needs. Video prediction, which has no task
library, is :func:`mogaseg.apis.video.predict_video`.
"""
import copy
import os.path as osp
from typing import List, Optional, Sequence, Union

import numpy as np
import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.fileio import list_from_file
from mmengine.model import revert_sync_batchnorm
from mmengine.registry import DefaultScope

from mogaseg.checkpoint import load_weights
from mogaseg.engine.config_keys import check_cfg_options
from mogaseg.models import switch_to_deploy
from mogaseg.utils import register_all_modules
from mogaseg.utils.package_configs import (drop_package_scope,
                                           load_config_file)
from .input_size import fit_to_memory
from .model import build_model_from_config
from .scopes import task_registry
from .video import predict_video

ImageType = Union[str, np.ndarray]


def _dataset_meta_from_config(cfg: Config) -> Optional[dict]:
    """The test dataset's meta information (its class names and palette;
    for pose, its keypoints, flip pairs and skeleton), for checkpoints
    saved without it."""
    if cfg.default_scope == 'mmpose':  # parsed from mmpose's metainfo files
        from mmpose.apis.inference import dataset_meta_from_config
        return dataset_meta_from_config(cfg, dataset_mode='test')
    dataset = copy.deepcopy(cfg.get('test_dataloader', {}).get('dataset'))
    if not dataset:
        return None
    metainfo = dataset.get('metainfo') or {}
    if metainfo.get('classes'):
        return dict(metainfo)
    classes = dataset.get('classes')  # mmpretrain's: a list or a file
    if isinstance(classes, str):
        classes = list_from_file(classes) if osp.isfile(classes) else None
    if classes:
        return dict(classes=tuple(classes))
    dataset_cls = dataset.get('type')
    if isinstance(dataset_cls, str):
        with DefaultScope.overwrite_default_scope(cfg.default_scope):
            dataset_cls = task_registry(cfg.default_scope,
                                        'DATASETS').get(dataset_cls)
    meta = getattr(dataset_cls, 'METAINFO', None)
    return dict(meta) if meta else None


# Test-pipeline steps that read or check annotations, which a user's image
# does not have.
_ANNOTATION_STEPS = ('LoadAnnotations', 'mogaseg.CheckSegLabels',
                     'mogaseg.CheckKeypoints')


def _inference_pipelines(cfg: Config) -> None:
    """Make the config's test pipelines fit images without annotations.

    They get the task library's own image loader, which the inference
    functions recognise (and swap for an array loader when given arrays);
    our loader's ``on_error`` matters for datasets, not for a user's images.
    """
    dataset = cfg.get('test_dataloader', {}).get('dataset', {})
    for owner, key in ((cfg, 'test_pipeline'), (dataset, 'pipeline')):
        if not owner.get(key):
            continue
        pipeline = [
            step for step in owner[key]
            if step.get('type') not in _ANNOTATION_STEPS
        ]
        for step in pipeline:
            if step.get('type') == 'mogaseg.LoadImageFromFile':
                step.type = 'LoadImageFromFile'
                step.pop('on_error', None)
        owner[key] = pipeline


def init_model(config: Union[str, Config],
               checkpoint: Optional[str] = None,
               device: Optional[str] = None,
               cfg_options: Optional[dict] = None,
               deploy: bool = True) -> nn.Module:
    """Build a config's model, load a checkpoint into it and make it ready
    for inference.

    Args:
        config (str | Config): Any mogaseg config (classification,
            detection, semantic segmentation, pose or video prediction).
        checkpoint (str, optional): A checkpoint file or URL, ours or a
            release's (converted while it loads). It is loaded weights-only:
            a file that holds code is refused, and one that does not fit
            the model stops with the reason. Without it the model keeps its
            initialisation.
        device (str, optional): Defaults to ``'cuda:0'`` when CUDA is
            available, else ``'cpu'``.
        cfg_options (dict, optional): Overrides merged into the config first.
        deploy (bool): Fold BatchNorms and layer scales into the
            convolutions (:func:`mogaseg.models.switch_to_deploy`): the same
            predictions, faster. False keeps the model as it trained (to
            fine-tune it, or to look at its layers). Defaults to True.

    Returns:
        nn.Module: The model in eval mode on ``device``, with ``cfg`` (the
        config it was built from) and ``dataset_meta`` (class names and
        palette: the checkpoint's, else the test dataset's).
    """
    register_all_modules(init_default_scope=False)
    cfg = load_config_file(config) if isinstance(config, str) else \
        drop_package_scope(copy.deepcopy(config))
    if cfg_options:
        check_cfg_options(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
    _inference_pipelines(cfg)
    if device is None:
        device = 'cuda:0' if torch.cuda.is_available() else 'cpu'
    # A checkpoint overwrites the initialisation (and its long log).
    model = build_model_from_config(cfg, init_weights=checkpoint is None)
    dataset_meta = None
    if checkpoint is not None:
        loaded = load_weights(model, checkpoint)
        dataset_meta = loaded.get('meta', {}).get('dataset_meta')
    if not dataset_meta:
        dataset_meta = _dataset_meta_from_config(cfg)
    model.dataset_meta = dataset_meta or {}
    model.cfg = cfg
    # mmpretrain's inferencer reads the config from here.
    model._config = cfg
    if not str(device).startswith('cuda'):
        model = revert_sync_batchnorm(model)
    model.eval()
    model = model.to(device)
    if deploy:
        # on the device: its inference forms are chosen for it
        switch_to_deploy(model)
    return model


def _classify(model: nn.Module, images: List[ImageType]) -> list:
    from mmpretrain.apis import ImageClassificationInferencer

    # Without a 'classes' entry the inferencer reads class names from a
    # dataset it would build; ours come from model.dataset_meta.
    inferencer = ImageClassificationInferencer(
        model, classes=model.dataset_meta.get('classes'),
        device=next(model.parameters()).device)
    # Its preprocess and forward steps give the data samples (labels and
    # scores), as the other tasks' functions do; its __call__ would also
    # draw a progress bar per call.
    results = []
    for batch in inferencer.preprocess(images, batch_size=len(images)):
        results.extend(inferencer.forward(batch))
    return results


def inference_model(model: nn.Module,
                    images: Union[ImageType, Sequence[ImageType]],
                    bboxes: Optional[np.ndarray] = None):
    """Predict on one image or a list of images (file paths or BGR
    arrays) with a model from :func:`init_model`; for a video prediction
    model, on one sequence of frames or a list of them (arrays or tensors,
    ``(T, C, H, W)`` or ``(T, H, W)``, in the units of its dataset; uint8
    frames are scaled to [0, 1]).

    Args:
        model (nn.Module): A model from :func:`init_model`.
        images: One image (or sequence) or a list of them.
        bboxes (np.ndarray, optional): Pose estimation only: the people's
            boxes (N, 4; x1, y1, x2, y2) in every image, e.g. from one of
            our detectors. Defaults to None: the whole image is one person.

    Returns:
        The task's data sample for each image (``DataSample`` with
        ``pred_score``/``pred_label``, ``DetDataSample`` with
        ``pred_instances``, ``SegDataSample`` with ``pred_sem_seg``, or
        ``PoseDataSample`` with every person's keypoints in
        ``pred_instances``, a ``BaseDataElement`` with the predicted
        ``pred_frames``, ``(T, C, H, W)``); a single one for a single image.
    """
    register_all_modules(init_default_scope=False)
    batch = isinstance(images, (list, tuple))
    images = list(images) if batch else [images]
    scope = model.cfg.default_scope
    if bboxes is not None and scope != 'mmpose':
        raise ValueError('bboxes are the people of a pose model; this '
                         f"model's task is {scope!r}")
    with DefaultScope.overwrite_default_scope(scope):
        if scope == 'mmpretrain':
            results = _classify(model, images)
        elif scope in ('mmdet', 'mmseg'):
            results = [_predict_dense(model, image) for image in images]
        elif scope == 'mmpose':
            results = [_estimate_poses(model, image, bboxes)
                       for image in images]
        elif scope == 'mogaseg':
            results = [predict_video(model, frames) for frames in images]
        else:
            raise ValueError(
                "the model's config must have default_scope 'mmpretrain', "
                f"'mmdet', 'mmseg', 'mmpose' or 'mogaseg', got {scope!r}")
    return results if batch else results[0]


def _estimate_poses(model: nn.Module, image: ImageType,
                    bboxes: Optional[np.ndarray]):
    """mmpose's ``inference_topdown`` on the people in ``bboxes`` (or the
    whole image), merged into one data sample."""
    from mmpose.apis import inference_topdown
    from mmpose.structures import merge_data_samples
    return merge_data_samples(inference_topdown(model, image, bboxes))


def _predict_dense(model: nn.Module, image: ImageType):
    """One image through mmdet's ``inference_detector`` or mmseg's
    ``inference_model``."""
    if model.cfg.default_scope == 'mmdet':
        from mmdet.apis import inference_detector as predict
    else:
        from mmseg.apis import inference_model as predict
    image = fit_to_memory(model, image, next(model.parameters()).device)
    # Both edit the config's pipeline for array inputs, and mmseg keeps the
    # edit: give them a copy, so a path after an array still loads.
    cfg = model.cfg
    model.cfg = copy.deepcopy(cfg)
    try:
        return predict(model, image)
    finally:
        model.cfg = cfg
