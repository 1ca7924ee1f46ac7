"""Draw the class activation map (Grad-CAM and variants, by
pytorch_grad_cam) of a model on one image, for any mogaseg config::

    python tools/visualization/vis_cam.py IMAGE CONFIG CHECKPOINT
    python tools/visualization/vis_cam.py IMAGE CONFIG CHECKPOINT \\
        --method gradcam++ --target-category 3 --out cam.png
    python tools/visualization/vis_cam.py IMAGE CONFIG CHECKPOINT \\
        --target-layers backbone.norm3 backbone.norm4

A classifier's map explains one class (the predicted one by default); a
detector's or segmentor's is EigenCAM on its backbone. The default target
layer is the backbone's last output; ``--target-layers`` takes module names
of the model (``model.named_modules()``). The map is drawn over the image
as the model sees it (after the test pipeline's resizing or cropping).
"""
import argparse
import os.path as osp

import cv2
from mmengine.utils import mkdir_or_exist

from mogaseg.analysis.cam import METHODS, compute_cam, overlay_cam
from mogaseg.analysis.inputs import prepare_test_image, read_image
from mogaseg.apis import init_model
from mogaseg.engine import (check_image_task, exit_on_user_errors,
                            load_config)
from mogaseg.engine.cli import add_cfg_options_arg, add_device_arg
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Draw the class activation map of a model on an image')
    parser.add_argument('img', help='image file')
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--target-layers',
        nargs='+',
        help="module names of the model to hook, e.g. 'backbone.blocks4'. "
        "Defaults to the backbone's last output")
    parser.add_argument(
        '--method',
        default=None,
        type=str.lower,
        choices=list(METHODS),
        help='the CAM method (any case). Defaults to gradcam for '
        'classifiers, eigencam (the only one) for detectors and segmentors')
    parser.add_argument(
        '--target-category',
        type=int,
        help='the class to explain (classifiers). Defaults to the '
        'predicted one')
    parser.add_argument(
        '--out', default='cam.png', help='the PNG file to write')
    parser.add_argument(
        '--aug-smooth',
        action='store_true',
        help='average the map over flipped and scaled inputs')
    parser.add_argument(
        '--eigen-smooth',
        action='store_true',
        help="keep the first principal component of the layer's weighted "
        'activations (less noise)')
    add_device_arg(parser)
    add_cfg_options_arg(parser)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    with exit_on_user_errors():
        cfg = load_config(args.config)
        check_image_task(cfg, 'tools/visualization/vis_cam.py')
        read_image(args.img)  # a missing image before the model loads
        # the layers as trained: --target-layers names them
        model = init_model(
            cfg, args.checkpoint, device=args.device,
            cfg_options=args.cfg_options, deploy=False)
        dense = model.cfg.default_scope != 'mmpretrain'
        method = args.method or ('eigencam' if dense else 'gradcam')
        prepared = prepare_test_image(model, args.img)
        result = compute_cam(
            model,
            prepared.inputs,
            method=method,
            target_layers=args.target_layers,
            target_category=args.target_category,
            dense=dense,
            aug_smooth=args.aug_smooth,
            eigen_smooth=args.eigen_smooth)
    drawn = overlay_cam(prepared.image, result.cam)
    mkdir_or_exist(osp.dirname(osp.abspath(args.out)))
    with open(args.out, 'wb') as file:  # PNG whatever the file's suffix
        file.write(cv2.imencode('.png', drawn)[1].tobytes())
    layers = ', '.join(result.target_layers)
    print(f'Method: {method}, target layers: {layers}')
    if result.category is not None:
        classes = model.dataset_meta.get('classes') or ()
        name = classes[result.category] \
            if result.category < len(classes) else '?'
        print(f'Target class: {result.category} ({name}), '
              f'score {result.score:.4f}')
    h, w = drawn.shape[:2]
    print(f'Saved the CAM ({w}x{h}) to {osp.abspath(args.out)}')


if __name__ == '__main__':
    main()
