"""Convert a published MogaNet ImageNet checkpoint into a mogaseg one.

    python tools/model_converters/moganet2mogaseg.py \
        moganet_tiny_sz224_8xbs128_ep300.pth.tar moganet-tiny_in1k.pth [--ema]

The output loads with ``load_from=`` into the ImageNet configs, and into
detection/segmentation backbones with
``init_cfg=dict(type='Pretrained', checkpoint=..., prefix='backbone.')``.
"""
import argparse
import os
import os.path as osp

import torch

from mogaseg.models.converters import convert_moganet_official


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='published checkpoint (.pth / .pth.tar)')
    parser.add_argument('dst', help='output path of the mogaseg checkpoint')
    parser.add_argument(
        '--ema',
        action='store_true',
        help='convert the EMA weights (state_dict_ema) instead')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    # weights_only: a checkpoint from the internet never runs code here.
    checkpoint = torch.load(args.src, map_location='cpu', weights_only=True)
    key = 'state_dict_ema' if args.ema else 'state_dict'
    if isinstance(checkpoint, dict) and key in checkpoint:
        state_dict = checkpoint[key]
    elif args.ema:
        raise SystemExit(f'error: {args.src} has no state_dict_ema')
    else:
        state_dict = checkpoint.get('model', checkpoint)
    converted = convert_moganet_official(state_dict)
    if osp.dirname(args.dst):
        os.makedirs(osp.dirname(args.dst), exist_ok=True)
    torch.save(
        dict(
            state_dict=converted,
            meta=dict(converted_from=osp.basename(args.src), ema=args.ema)),
        args.dst)
    print(f'{len(converted)} tensors written to {args.dst}')


if __name__ == '__main__':
    main()
