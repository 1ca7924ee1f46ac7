"""Convert a published FocalNet ImageNet checkpoint into a mogaseg one.

    python tools/model_converters/focalnet2mogaseg.py \
        focalnet_tiny_srf.pth focalnet-tiny-srf_in1k.pth

The output is an mmpretrain ``ImageClassifier`` state dict that loads with
``load_from=`` into the ImageNet configs (``configs/focalnet/``). Detection
and segmentation backbones need no conversion: they load the published file
itself (``init_cfg=dict(type='Pretrained', checkpoint=...)``).
"""
import argparse
import os
import os.path as osp

import torch

from mogaseg.models.converters import convert_focalnet_official


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='published checkpoint (.pth)')
    parser.add_argument('dst', help='output path of the mogaseg checkpoint')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    # weights_only: a checkpoint from the internet never runs code here.
    checkpoint = torch.load(args.src, map_location='cpu', weights_only=True)
    state_dict = checkpoint
    for key in ('model', 'state_dict'):  # the release uses 'model'
        if isinstance(checkpoint, dict) and key in checkpoint:
            state_dict = checkpoint[key]
            break
    converted = convert_focalnet_official(state_dict)
    if osp.dirname(args.dst):
        os.makedirs(osp.dirname(args.dst), exist_ok=True)
    torch.save(
        dict(
            state_dict=converted,
            meta=dict(converted_from=osp.basename(args.src))), args.dst)
    print(f'{len(converted)} tensors written to {args.dst}')


if __name__ == '__main__':
    main()
