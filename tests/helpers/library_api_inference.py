"""Run configs through their task library's own inference entry points, as
an OpenMMLab user would call them, with random weights, in this process:

    python tests/helpers/library_api_inference.py [--downscale N] \
        [--one-block-per-stage] IMAGE CONFIG [CONFIG ...]

Prints one JSON line per config and entry point: the call, and what it
returned (shapes, class counts) or the error. Exits 0 when every call
worked. ``--downscale N`` divides the ``scale`` of every ``Resize`` in the
test pipelines by N (detection and segmentation test at 1333x800 and
2048x512, which takes seconds a call on a CPU), and so the proposals a
two-stage detector's RPN keeps for its RoI heads (1000: on random weights,
a Cascade Mask R-CNN spends seconds on them). ``--one-block-per-stage``
builds every backbone with one block in each stage, its widths unchanged,
so necks, heads, pipelines and preprocessors are the config's own while a
750M-parameter model costs what a small one does (that every config builds
at full depth is ``tests/test_configs.py``'s test). The configs are
otherwise used as they are.

``--every-call CONFIG`` (repeated) runs the configs it names through every
entry point and the others through the first one only.

- mmpretrain: ``get_model``, ``ImageClassificationInferencer`` on its
  model and on the config, and ``inference_model`` on the model's name
  (on ``get_model(name, backbone=...)`` when the backbone is cut, through
  the keyword arguments ``get_model`` merges into the model config).
- mmdet: ``init_detector`` + ``inference_detector``, and ``DetInferencer``.
- mmseg: ``init_model`` + ``inference_model``, and ``MMSegInferencer``.
- mmpose: ``init_model`` + ``inference_topdown``, and ``MMPoseInferencer``
  (both on the whole image as one person).
"""
import argparse
import copy
import json
import os.path as osp
import sys
import tempfile
import time
import traceback
from typing import Callable, Dict, List, Optional, Tuple

import mmcv
import numpy as np
from mmengine.config import Config

from one_block_per_stage import cut_to_one_block_per_stage
from package_index_cache import read_package_indexes_once


def _mmpretrain_calls(config: Config, image: str,
                      cut_backbone: Optional[dict] = None
                      ) -> Dict[str, Callable]:
    from mmpretrain import get_model, inference_model
    from mmpretrain.apis import ImageClassificationInferencer

    # what a user's script does before naming our models in mmpretrain
    # (reading one of our configs would do it too, through its
    # custom_imports; a name is looked up before any config is read)
    from mogaseg.utils import register_all_modules
    register_all_modules(init_default_scope=False)

    def summary(result):
        return dict(num_scores=len(result['pred_scores']),
                    pred_label=int(result['pred_label']))

    def classify(model_or_config):
        infer = ImageClassificationInferencer(
            model_or_config, pretrained=False, device='cpu')
        return summary(infer(image, show=False)[0])

    def by_name():
        # mmpretrain's inference_model builds model-index names only, with
        # no way to edit the config: a cut backbone goes through get_model.
        name = osp.splitext(osp.basename(config.filename))[0]
        if cut_backbone is None:
            return summary(
                inference_model(name, image, pretrained=False, device='cpu'))
        model = get_model(name, pretrained=False, device='cpu',
                          backbone=cut_backbone)
        return summary(inference_model(model, image))

    # each call gets its own copy, as for the detectors
    return {
        'mmpretrain.get_model + ImageClassificationInferencer(model)':
        lambda: classify(
            get_model(copy.deepcopy(config), pretrained=False, device='cpu')),
        'mmpretrain ImageClassificationInferencer(config)':
        lambda: classify(copy.deepcopy(config)),
        'mmpretrain.inference_model(name)': by_name,
    }


def _initialised_checkpoint(config: Config) -> Optional[str]:
    """A checkpoint of the model as its ``init_weights`` leaves it, for
    the detectors whose random, uninitialised query boxes have negative
    sizes (Sparse R-CNN's ``EmbeddingRPNHead``): mmdet's API initialises
    nothing without a checkpoint, and a user always gives one."""
    if config.model.get('rpn_head', {}).get('type') != 'EmbeddingRPNHead':
        return None
    import torch

    from mogaseg.apis import build_model_from_config
    model = build_model_from_config(copy.deepcopy(config))
    path = osp.join(tempfile.mkdtemp(), 'initialised.pth')
    torch.save({'state_dict': model.state_dict()}, path)
    return path


def _mmdet_calls(config: Config, image: str,
                 cut_backbone: Optional[dict] = None) -> Dict[str, Callable]:
    from mmdet.apis import DetInferencer, inference_detector, init_detector

    checkpoint = _initialised_checkpoint(config)

    # each call gets its own copy: some detectors (DINO) edit the config
    # they are built from
    def api():
        model = init_detector(
            copy.deepcopy(config), checkpoint, device='cpu')
        result = inference_detector(model, image)
        instances = result.pred_instances
        summary = dict(num_boxes=len(instances.bboxes),
                       img_shape=list(result.ori_shape))
        if 'masks' in instances:
            summary['mask_shape'] = list(instances.masks.shape[1:])
        return summary

    def inferencer():
        infer = DetInferencer(copy.deepcopy(config), weights=checkpoint,
                              device='cpu', show_progress=False)
        result = infer(image, return_vis=False, no_save_vis=True,
                       no_save_pred=True)['predictions'][0]
        return dict(num_boxes=len(result['bboxes']),
                    num_masks=len(result.get('masks', [])))

    return {
        'mmdet.init_detector + inference_detector': api,
        'mmdet DetInferencer': inferencer,
    }


def _mmseg_calls(config: Config, image: str,
                 cut_backbone: Optional[dict] = None) -> Dict[str, Callable]:
    from mmseg.apis import MMSegInferencer, inference_model, init_model

    def api():
        model = init_model(copy.deepcopy(config), device='cpu')
        result = inference_model(model, image)
        return dict(pred_shape=list(result.pred_sem_seg.data.shape[1:]))

    def inferencer():
        infer = MMSegInferencer(copy.deepcopy(config), device='cpu')
        infer.show_progress = False
        result = infer(image, return_datasamples=True)
        return dict(pred_shape=list(result.pred_sem_seg.data.shape[1:]))

    return {
        'mmseg.init_model + inference_model': api,
        'mmseg MMSegInferencer': inferencer,
    }


def _mmpose_calls(config: Config, image: str,
                  cut_backbone: Optional[dict] = None) -> Dict[str, Callable]:
    from mmpose.apis import MMPoseInferencer, inference_topdown, init_model

    def api():  # no person boxes: the whole image is one person
        model = init_model(copy.deepcopy(config), device='cpu')
        results = inference_topdown(model, image)
        return dict(
            num_people=len(results),
            keypoints_shape=list(results[0].pred_instances.keypoints.shape))

    def inferencer():
        infer = MMPoseInferencer(
            pose2d=copy.deepcopy(config), device='cpu',
            det_model='whole_image', show_progress=False)
        people = next(infer(image, return_vis=False))['predictions'][0]
        return dict(num_people=len(people),
                    keypoints_shape=[len(people),
                                     *np.shape(people[0]['keypoints'])])

    return {
        'mmpose.init_model + inference_topdown': api,
        'mmpose MMPoseInferencer': inferencer,
    }


CALLS = {
    'mmpretrain': _mmpretrain_calls,
    'mmdet': _mmdet_calls,
    'mmseg': _mmseg_calls,
    'mmpose': _mmpose_calls,
}


def _downscaled_test(cfg: Config, divisor: int) -> None:
    rpn = (cfg.model.get('test_cfg') or {}).get('rpn') or {}
    for key in ('nms_pre', 'max_per_img'):
        if key in rpn:
            rpn[key] //= divisor
    pipelines = [cfg.get('test_pipeline')]
    for loader in ('val_dataloader', 'test_dataloader'):
        pipelines.append((cfg.get(loader) or {}).get('dataset', {}).get(
            'pipeline'))
    for pipeline in filter(None, pipelines):
        for step in pipeline:
            if step.get('type') == 'Resize' and 'scale' in step:
                scale = step['scale']
                step['scale'] = scale // divisor if isinstance(
                    scale, int) else tuple(s // divisor for s in scale)


def run(image: str, configs: List[str], downscale: int = 1,
        one_block_per_stage: bool = False,
        every_call: Optional[List[str]] = None) -> Tuple[int, List[dict]]:
    """Each config through its task's entry points: all of them for the
    configs in ``every_call`` (all configs when None), the first for the
    others."""
    failures, records = 0, []
    for path in configs:
        config = Config.fromfile(path)
        scope = config.default_scope
        if downscale > 1:
            _downscaled_test(config, downscale)
        # the detectors' and segmentors' calls take the edited config
        cut_backbone = cut_to_one_block_per_stage(config) \
            if one_block_per_stage else None
        calls = list(CALLS[scope](config, image, cut_backbone).items())
        if every_call is not None and path not in every_call:
            calls = calls[:1]
        for call, fn in calls:
            record = dict(config=path, scope=scope, call=call)
            start = time.perf_counter()
            try:
                record['result'] = fn()
            except Exception as err:  # report, go on with the next call
                failures += 1
                record['error'] = f'{type(err).__name__}: {err}'
                record['traceback'] = traceback.format_exc()[-2000:]
            record['seconds'] = round(time.perf_counter() - start, 1)
            records.append(record)
            # on a line of its own: progress bars end without a newline
            print('\n' + json.dumps(record), flush=True)
    return failures, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('image')
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--downscale', type=int, default=1)
    parser.add_argument('--one-block-per-stage', action='store_true')
    parser.add_argument(
        '--every-call', action='append', metavar='CONFIG',
        help='run this config through every entry point, the configs not '
        'named so through the first only (without it: every config '
        'through every entry point)')
    args = parser.parse_args()
    if mmcv.imread(args.image) is None:
        sys.exit(f'cannot read {args.image}')
    np.random.seed(0)
    read_package_indexes_once()
    failures, _ = run(args.image, args.configs, args.downscale,
                      args.one_block_per_stage, args.every_call)
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
