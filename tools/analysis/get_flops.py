"""Params and FLOPs of the model of a config (any task).

    python tools/analysis/get_flops.py CONFIG --shape 224
    python tools/analysis/get_flops.py CONFIG --shape 800 1280 --table

FLOPs are multiply-accumulates, counted by MMEngine on one image, the unit
of the papers' tables. Detectors are counted up to their head outputs,
segmentors up to the decoder's logits (no post-processing). A video model
is counted on one input sequence, by default at its frame size.
"""
import argparse

from mogaseg.analysis import count_complexity
from mogaseg.apis import build_model_from_config
from mogaseg.engine.cli import add_shape_arg, input_size, parsed_shape
from mogaseg.engine.launch import load_config
from mogaseg.engine.user_errors import exit_on_user_errors
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file')
    add_shape_arg(parser)
    parser.add_argument(
        '--table', action='store_true', help='print the per-module table')
    args = parser.parse_args(argv)
    args.shape = parsed_shape(parser, args)
    return args


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    with exit_on_user_errors():
        cfg = load_config(args.config)
        model = build_model_from_config(cfg)
        shape = input_size(args.shape, getattr(model, 'in_shape', None))
        result = count_complexity(model, shape, show_table=args.table)
    if args.table:
        print(result.table)
    print(f'Config: {args.config}')
    print(result.summary())


if __name__ == '__main__':
    main()
