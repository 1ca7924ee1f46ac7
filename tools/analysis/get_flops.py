"""Params and FLOPs of the model of a config (any task).

    python tools/analysis/get_flops.py CONFIG --shape 224
    python tools/analysis/get_flops.py CONFIG --shape 800 1280 --table

FLOPs are multiply-accumulates, counted by MMEngine on one image, the unit
of the papers' tables. Detectors are counted up to their head outputs,
segmentors up to the decoder's logits (no post-processing).
"""
import argparse
import sys

from mogaseg.analysis import count_complexity
from mogaseg.apis import build_model_from_config
from mogaseg.engine.checks import ConfigError
from mogaseg.engine.launch import load_config


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file')
    parser.add_argument(
        '--shape',
        type=int,
        nargs='+',
        default=[224],
        help='input size: one value (square) or H W. Defaults to 224')
    parser.add_argument(
        '--table', action='store_true', help='print the per-module table')
    args = parser.parse_args(argv)
    if len(args.shape) not in (1, 2):
        parser.error('--shape takes one value (square) or two (H W)')
    if min(args.shape) <= 0:
        parser.error(f'--shape must be positive, got {args.shape}')
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        cfg = load_config(args.config)
    except ConfigError as err:
        sys.exit(f'error: {err}')
    shape = tuple(args.shape) * (3 - len(args.shape))
    model = build_model_from_config(cfg)
    result = count_complexity(model, shape[:2], show_table=args.table)
    if args.table:
        print(result.table)
    print(f'Config: {args.config}')
    print(result.summary())


if __name__ == '__main__':
    main()
