"""Draw predictions or annotations with the task libraries' visualizers.

mmpretrain's ``UniversalVisualizer`` writes the class labels, mmdet's
``DetLocalVisualizer`` the boxes and masks, mmseg's ``SegLocalVisualizer``
the segmentation overlay, mmpose's ``PoseLocalVisualizer`` the keypoints and
skeletons; a config's ``visualizer`` names its task's one.
"""
import copy
import itertools
from typing import Optional

import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.visualization import Visualizer

from .scopes import task_registry

# Visualizers are named singletons; each build gets a name of its own.
_names = itertools.count()

# Class labels are written at a size relative to the image: small images
# are enlarged to this short side first, or the text covers them.
_MIN_LABELLED_SIDE = 224


def _drawable_gt_instances(data_sample):
    """A copy of a detection sample whose annotations are plain arrays: the
    pipeline leaves box objects and BitmapMasks/PolygonMasks, which the
    visualizer does not draw."""
    from mmdet.models.utils import mask2ndarray
    from mmdet.structures.bbox import BaseBoxes

    data_sample = data_sample.clone()
    instances = data_sample.gt_instances
    if isinstance(instances.get('bboxes'), BaseBoxes):
        instances.bboxes = instances.bboxes.tensor
    if instances.get('masks') is not None:
        instances.masks = mask2ndarray(instances.masks).astype(bool)
    return data_sample


def build_visualizer(cfg: Config, dataset_meta: Optional[dict]) -> Visualizer:
    """Build the config's visualizer to draw into files (no backends),
    knowing the class names and palette in ``dataset_meta``."""
    vis_cfg = copy.deepcopy(cfg.visualizer)
    vis_cfg.pop('vis_backends', None)
    vis_cfg.pop('save_dir', None)
    vis_cfg['name'] = f'mogaseg_drawing_{next(_names)}'
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        visualizer = task_registry(cfg.default_scope,
                                   'VISUALIZERS').build(vis_cfg)
    from mmpose.visualization import PoseLocalVisualizer
    if isinstance(visualizer, PoseLocalVisualizer):  # colours and skeleton
        visualizer.set_dataset_meta(dataset_meta or {})
    else:
        visualizer.dataset_meta = dataset_meta or {}
    return visualizer


def draw_sample(visualizer: Visualizer,
                image: np.ndarray,
                data_sample,
                out_file: str,
                draw_gt: bool = False,
                draw_pred: bool = True,
                score_thr: float = 0.3,
                topk: int = 5) -> np.ndarray:
    """Draw a data sample's annotations and/or predictions on an image and
    write it to ``out_file``.

    Args:
        visualizer (Visualizer): From :func:`build_visualizer`.
        image (np.ndarray): The RGB image the sample belongs to.
        data_sample: The task's data sample (``DataSample``,
            ``DetDataSample`` or ``SegDataSample``).
        out_file (str): The image file to write.
        draw_gt (bool): Draw the ground truth.
        draw_pred (bool): Draw the prediction.
        score_thr (float): Detections scoring below are not drawn.
        topk (int): How many of the best-scoring classes a classification
            prediction lists.

    Returns:
        np.ndarray: The drawn RGB image.
    """
    from mmdet.visualization import DetLocalVisualizer
    from mmpose.visualization import PoseLocalVisualizer
    from mmpretrain.visualization import UniversalVisualizer
    from mmseg.visualization import SegLocalVisualizer

    if isinstance(visualizer, UniversalVisualizer):
        if draw_pred and 'pred_score' in data_sample:
            data_sample = data_sample.clone()
            scores = data_sample.pred_score
            data_sample.set_pred_label(
                torch.topk(scores, min(topk, scores.numel())).indices)
        short_side = min(image.shape[:2])
        return visualizer.visualize_cls(
            image,
            data_sample,
            draw_gt=draw_gt,
            draw_pred=draw_pred,
            resize=_MIN_LABELLED_SIDE
            if short_side < _MIN_LABELLED_SIDE else None,
            out_file=out_file)
    if isinstance(visualizer, DetLocalVisualizer):
        if draw_gt and 'gt_instances' in data_sample:
            data_sample = _drawable_gt_instances(data_sample)
        options = dict(pred_score_thr=score_thr)
    elif isinstance(visualizer, SegLocalVisualizer):
        options = {}
    elif isinstance(visualizer, PoseLocalVisualizer):
        # keypoints scoring below are not drawn; the people's boxes are
        options = dict(kpt_thr=score_thr, draw_bbox=True)
    else:
        raise TypeError(f'no drawing for {type(visualizer).__name__}: the '
                        'config must use its task\'s visualizer '
                        '(UniversalVisualizer, DetLocalVisualizer, '
                        'SegLocalVisualizer or PoseLocalVisualizer)')
    visualizer.add_datasample(
        'image',
        image,
        data_sample,
        draw_gt=draw_gt,
        draw_pred=draw_pred,
        out_file=out_file,
        **options)
    return visualizer.get_image()


def show_result(model,
                image,
                result,
                out_file: str,
                score_thr: float = 0.3,
                topk: int = 5) -> np.ndarray:
    """Draw a prediction of :func:`~mogaseg.apis.inference_model` on its
    image (a file path or a BGR array) into ``out_file``.

    Returns:
        np.ndarray: The drawn RGB image.
    """
    import mmcv
    rgb = mmcv.imread(image, channel_order='rgb') if isinstance(
        image, str) else mmcv.bgr2rgb(image)
    # a large image predicted at its test scale (see input_size.py)
    shape = result.metainfo.get('ori_shape')
    if shape is not None and tuple(shape[:2]) != rgb.shape[:2]:
        rgb = mmcv.imresize(rgb, tuple(shape[1::-1]))
    visualizer = build_visualizer(model.cfg, model.dataset_meta)
    return draw_sample(
        visualizer,
        rgb,
        result,
        out_file,
        draw_gt=False,
        draw_pred=True,
        score_thr=score_thr,
        topk=topk)
