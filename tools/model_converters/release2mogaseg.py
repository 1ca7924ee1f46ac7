"""Convert a released checkpoint (MogaNet, VAN or FocalNet; any of their
layouts) into a mogaseg checkpoint, once, offline.

    python tools/model_converters/release2mogaseg.py \
        moganet_tiny_sz224_8xbs128_ep300.pth.tar moganet-tiny_in1k.pth

Loading needs no conversion: ``load_from``, ``init_cfg=dict(type=
'Pretrained')``, ``tools/test.py`` and ``mogaseg.apis.get_model`` convert
release files while they load. This writes the result, e.g. to publish it
or to inspect its keys. The file is read weights-only; the training
metadata next to the weights (timm's ``args``, FocalNet's ``config``) is
read as plain data and dropped.
"""
import argparse
import os
import os.path as osp

import torch

from mogaseg.checkpoint import normalize_checkpoint, read_checkpoint


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='released checkpoint (.pth / .pth.tar)')
    parser.add_argument('dst', help='output path of the mogaseg checkpoint')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    checkpoint = read_checkpoint(args.src)
    converted = normalize_checkpoint(checkpoint, osp.basename(args.src))
    if converted is checkpoint:
        raise SystemExit(f'error: {args.src} is in none of the release '
                         'layouts this tool knows (MogaNet timm or '
                         'openmixup, VAN-Classification, VAN-Segmentation, '
                         'FocalNet); it may already be a mogaseg checkpoint')
    if osp.dirname(args.dst):
        os.makedirs(osp.dirname(args.dst), exist_ok=True)
    torch.save(converted, args.dst)
    print(f'{len(converted["state_dict"])} tensors '
          f'({converted["meta"]["release_format"]}) written to {args.dst}')


if __name__ == '__main__':
    main()
