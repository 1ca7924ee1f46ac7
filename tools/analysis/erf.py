"""Plot the effective receptive field (ERF) of a config's backbone, as the
RepLKNet and MogaNet papers do, and measure its high-contribution area
ratios::

    python tools/analysis/erf.py CONFIG CHECKPOINT
    python tools/analysis/erf.py CONFIG CHECKPOINT --num-images 50 \\
        --shape 1024 --out erf.png --json erf.json
    python tools/analysis/erf.py CONFIG --images DIR  # at initialisation
    python tools/analysis/erf.py CONFIG CHECKPOINT \\
        --cfg-options val_dataloader.dataset.data_root=data/imagenet/

Each image (from the config's validation dataset, or --images) is resized
to --shape and normalised by the model's data preprocessor; the gradient of
the central position of a backbone output (--out-index) with respect to
the input says how much each pixel contributes to it. The average over the
images is plotted as log10(map + 1) scaled to [0, 1]; for each threshold t
the smallest centred square holding t of that map's total gives the area
ratios (RepLKNet's measure; larger means a larger ERF).
"""
import argparse
import json
import os.path as osp
import sys

import numpy as np
import torch
from mmengine.utils import mkdir_or_exist

from mogaseg.analysis.erf import (THRESHOLDS, backbone_output,
                                  contribution_area_ratios, erf_gradient_map,
                                  normalise_erf, plot_erf)
from mogaseg.analysis.image_sources import dataset_image_paths, folder_images
from mogaseg.analysis.inputs import read_image, resized_inputs
from mogaseg.apis import init_model
from mogaseg.engine import (ConfigError, check_image_task,
                            exit_on_user_errors, load_config)
from mogaseg.engine.cli import add_cfg_options_arg, add_device_arg
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Plot and measure the effective receptive field of a "
        "config's backbone")
    parser.add_argument('config', help='config file')
    parser.add_argument(
        'checkpoint',
        nargs='?',
        help='checkpoint file; without it the backbone keeps its '
        'initialisation')
    parser.add_argument(
        '--num-images',
        type=int,
        default=50,
        help='images to average over. Defaults to 50')
    parser.add_argument(
        '--shape',
        type=int,
        default=224,
        help='the images are resized to SHAPE x SHAPE. Defaults to 224')
    parser.add_argument(
        '--out-index',
        type=int,
        default=-1,
        help='which backbone output (of its out_indices) to measure. '
        'Defaults to -1, the deepest')
    parser.add_argument(
        '--images',
        help='a folder of image files to use instead of the config\'s '
        'validation dataset')
    parser.add_argument(
        '--out', default='erf.png', help='the heatmap PNG to write')
    parser.add_argument(
        '--json', help='also write the area ratios to this JSON file')
    parser.add_argument(
        '--log-interval',
        type=int,
        default=10,
        help='print progress every this many images. Defaults to 10')
    parser.add_argument(
        '--seed',
        type=int,
        default=0,
        help='random seed of the initialisation (without a checkpoint). '
        'Defaults to 0')
    add_device_arg(parser)
    add_cfg_options_arg(parser)
    args = parser.parse_args(argv)
    for name in ('num_images', 'shape', 'log_interval'):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    return args


def measure(args):
    """The averaged ERF map, the image count and the feature map size."""
    cfg = load_config(args.config)
    check_image_task(cfg, 'tools/analysis/erf.py')
    checkpoint = args.checkpoint
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if args.images:
        paths = folder_images(args.images, args.num_images)
    else:
        paths = dataset_image_paths(cfg, args.num_images)
    torch.manual_seed(args.seed)  # the initialisation, without a checkpoint
    model = init_model(cfg, checkpoint, device=args.device, deploy=False)
    device = next(model.parameters()).device
    shape = (args.shape, args.shape)
    total = None
    for count, path in enumerate(paths, 1):
        images = resized_inputs(model, [read_image(path)], shape).to(device)
        if total is None:
            with torch.no_grad():
                feature = backbone_output(model.backbone, images,
                                          args.out_index)
        grad = erf_gradient_map(model.backbone, images,
                                args.out_index).double()
        if not torch.isfinite(grad).all():
            raise ConfigError(
                f'the input gradient on {path} is not finite (inf or NaN): '
                "the backbone's activations or gradients overflow float32 "
                'on it; an untrained backbone can do this: measure a trained '
                'checkpoint (or try another --seed)')
        total = grad if total is None else total + grad
        if count % args.log_interval == 0 or count == len(paths):
            print(f'[{count}/{len(paths)}] images', flush=True)
    return (total / len(paths)).cpu().numpy(), len(paths), feature.shape


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    with exit_on_user_errors():
        erf_map, num_images, feature_shape = measure(args)
    if not erf_map.any():
        sys.exit(f'error: the gradient map is all zero: no channel of '
                 f'backbone output {args.out_index} is active at its '
                 'central position on these images')
    data = normalise_erf(erf_map)
    ratios = contribution_area_ratios(data, THRESHOLDS)
    mkdir_or_exist(osp.dirname(osp.abspath(args.out)))
    plot_erf(
        data, args.out,
        f'{osp.basename(args.config)}\nERF of output {args.out_index}, '
        f'{num_images} images, {args.shape}x{args.shape}')

    _, channels, h, w = feature_shape
    print(f'Backbone output {args.out_index}: {channels} channels, {h}x{w} '
          f'map on {args.shape}x{args.shape} inputs; {num_images} images')
    print('High-contribution area ratio (of log10(ERF + 1) / max):')
    print(f"{'threshold':>9}  {'side':>5}  {'side ratio':>10}  "
          f"{'area ratio':>10}")
    for t, r in ratios.items():
        print(f"{t:>9}  {r['side_length']:>5}  {r['side_ratio']:>10.4f}  "
              f"{r['area_ratio']:>10.4f}")
    print(f'Saved the ERF plot to {osp.abspath(args.out)}')
    if args.json:
        mkdir_or_exist(osp.dirname(osp.abspath(args.json)))
        with open(args.json, 'w') as file:
            json.dump(
                dict(
                    config=args.config,
                    checkpoint=args.checkpoint,
                    num_images=num_images,
                    shape=[args.shape, args.shape],
                    out_index=args.out_index,
                    feature_map_shape=[h, w],
                    measured_on='log10(ERF + 1) / max',
                    high_contribution_area_ratio={
                        str(t): r
                        for t, r in ratios.items()
                    },
                    max_raw_gradient=float(np.max(erf_map))),
                file,
                indent=2)
        print(f'Saved the area ratios to {osp.abspath(args.json)}')


if __name__ == '__main__':
    main()
