"""Convert a released MOAT checkpoint (deeplab2, TensorFlow) into a mogaseg
one, without TensorFlow.

    python tools/model_converters/moat2mogaseg.py \
        moat0_imagenet_1k_224_w_position_embedding.tar.gz moat-0_in1k.pth

SRC is the release's ``.tar.gz`` or its extracted checkpoint prefix. The
output loads with ``load_from=`` into ``configs/moat/`` (the backbone pads
as TensorFlow does by default; the ImageNet configs pool the shortcut 2x2,
as the release). Loading needs no conversion step: ``load_from``,
``init_cfg``, ``tools/test.py`` and ``get_model`` take the release's file
as it is; this writes the result once.
"""
import argparse
import os
import os.path as osp

import torch

from mogaseg.checkpoint.tf_checkpoint import read_tf_checkpoint
from mogaseg.models.backbones.moat_release import convert_moat_tf


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        'src', help='released MOAT .tar.gz, or its checkpoint prefix')
    parser.add_argument('dst', help='output path of the mogaseg checkpoint')
    parser.add_argument(
        '--ema',
        action='store_true',
        help='convert the EMA copies of the weights (default: the raw '
        'weights, which deeplab2 itself loads)')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    state_dict = convert_moat_tf(
        read_tf_checkpoint(args.src)['tf_variables'], ema=args.ema)
    if osp.dirname(args.dst):
        os.makedirs(osp.dirname(args.dst), exist_ok=True)
    torch.save(
        dict(
            state_dict=state_dict,
            meta=dict(converted_from=args.src, ema=args.ema)), args.dst)
    print(f'{len(state_dict)} tensors written to {args.dst}')


if __name__ == '__main__':
    main()
