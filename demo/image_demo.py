"""Predict on one image with a trained model of any task and draw the
result: the top-k classes, the detected boxes and masks, the segmentation
overlay, or the people's keypoints. Examples::

    python demo/image_demo.py IMAGE CONFIG CHECKPOINT --out-file out.png
    python demo/image_demo.py demo.jpg \\
        configs/moganet/mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py \\
        work_dirs/demo_det/epoch_6.pth --out-file det.png --score-thr 0.5
    python demo/image_demo.py people.jpg POSE_CONFIG POSE_CHECKPOINT \\
        --det-config DET_CONFIG --det-checkpoint DET_CHECKPOINT

The config's task picks the drawing: mmpretrain's, mmdet's, mmseg's or
mmpose's visualizer. A pose model estimates the keypoints of the people
that ``--det-config`` / ``--det-checkpoint`` (any of our detectors) find,
or, without a detector, of the whole image as one person.
"""
import argparse
import os
import os.path as osp

import numpy as np

from mogaseg.analysis.inputs import read_image
from mogaseg.apis import inference_model, init_model, show_result
from mogaseg.engine import (check_image_task, exit_on_user_errors,
                            load_config)
from mogaseg.engine.cli import add_cfg_options_arg, add_device_arg
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Predict on an image and draw the result')
    parser.add_argument('image', help='image file')
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file or URL')
    parser.add_argument(
        '--out-file', default='result.png', help='where to draw the result')
    add_device_arg(parser)
    parser.add_argument(
        '--score-thr', type=float, default=0.3,
        help='detection: draw the boxes scoring at least this')
    parser.add_argument(
        '--topk', type=int, default=5,
        help='classification: list this many best classes')
    parser.add_argument(
        '--det-config',
        help='pose: a detector config whose boxes (of --det-class) are the '
        'people; without it the whole image is one person')
    parser.add_argument('--det-checkpoint', help='pose: the detector\'s '
                        'checkpoint file or URL')
    parser.add_argument(
        '--det-class', type=int, default=0,
        help='pose: the detector\'s class index of a person (COCO: 0)')
    add_cfg_options_arg(parser)
    args = parser.parse_args(argv)
    if bool(args.det_config) != bool(args.det_checkpoint):
        parser.error('--det-config and --det-checkpoint go together')
    return args


def describe(model, result, score_thr: float, topk: int) -> str:
    """What the prediction says, in a few lines of text."""
    classes = model.dataset_meta.get('classes') or []

    def name(index):
        return classes[index] if index < len(classes) else str(index)

    if 'pred_score' in result:  # classification
        scores = result.pred_score
        best = scores.topk(min(topk, scores.numel()))
        return '\n'.join(f'{name(int(i))}: {float(s):.4f}'
                         for s, i in zip(best.values, best.indices))
    if 'pred_instances' in result and 'keypoints' in result.pred_instances:
        instances = result.pred_instances  # pose
        lines = [f'{len(instances.keypoints)} people']
        for i, scores in enumerate(instances.keypoint_scores):
            lines.append(f'person {i}: {int((scores >= score_thr).sum())} of '
                         f'{len(scores)} keypoints scoring >= {score_thr}')
        return '\n'.join(lines)
    if 'pred_instances' in result:  # detection
        instances = result.pred_instances
        kept = instances[instances.scores >= score_thr]
        lines = [f'{len(kept)} objects scoring >= {score_thr}']
        for label, score, box in zip(kept.labels, kept.scores, kept.bboxes):
            lines.append(f'{name(int(label))}: {float(score):.3f} at '
                         f'{[round(float(v), 1) for v in box]}')
        return '\n'.join(lines)
    labels = result.pred_sem_seg.data.flatten()  # segmentation
    counts = labels.bincount()
    present = counts.nonzero().flatten().tolist()
    present.sort(key=lambda i: -int(counts[i]))
    return '\n'.join(f'{name(i)}: {100 * int(counts[i]) / labels.numel():.1f}'
                     '% of the pixels' for i in present)


def person_boxes(args) -> np.ndarray:
    """The boxes (x1, y1, x2, y2) of the detector's person class scoring at
    least ``--score-thr``."""
    detector = init_model(
        load_config(args.det_config), args.det_checkpoint,
        device=args.device)
    instances = inference_model(detector, args.image).pred_instances
    keep = (instances.labels == args.det_class) & \
        (instances.scores >= args.score_thr)
    return instances.bboxes[keep].cpu().numpy()


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    with exit_on_user_errors():
        cfg = load_config(args.config)
        check_image_task(cfg, 'demo/image_demo.py')
        read_image(args.image)  # a missing image before the model loads
        model = init_model(cfg, args.checkpoint, device=args.device,
                           cfg_options=args.cfg_options)
        people = person_boxes(args) if args.det_config else None
        if people is not None:
            # mmpose takes no boxes as the whole image
            print(f'{len(people)} people detected by {args.det_config}' +
                  ('' if len(people) else ': the whole image is one'))
        result = inference_model(model, args.image, bboxes=people)
    print(describe(model, result, args.score_thr, args.topk))
    out_dir = osp.dirname(args.out_file)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
    show_result(model, args.image, result, args.out_file,
                score_thr=args.score_thr, topk=args.topk)
    print(f'drawn to {args.out_file}')


if __name__ == '__main__':
    main()
