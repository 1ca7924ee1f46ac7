"""Draw a dataset's samples as the model sees them: after the config's
pipeline (the training augmentations by default), with their labels,
boxes and masks, or segmentation maps. Examples::

    python tools/analysis/browse_dataset.py CONFIG --output-dir vis/
    python tools/analysis/browse_dataset.py CONFIG --output-dir vis/ \\
        --phase val --num-images 50
"""
import argparse


from mogaseg.analysis.browse import PHASES, browse_dataset
from mogaseg.engine import exit_on_user_errors, load_config
from mogaseg.engine.cli import add_cfg_options_arg
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Draw a dataset's pipeline output with its annotations")
    parser.add_argument('config', help='config file')
    parser.add_argument(
        '--output-dir', required=True, help='where the PNG files go')
    parser.add_argument(
        '--phase', default='train', choices=PHASES,
        help='which dataloader (train: with its augmentations)')
    parser.add_argument(
        '--num-images', type=int, default=20,
        help='how many samples to draw (0: all)')
    add_cfg_options_arg(parser)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    with exit_on_user_errors():
        cfg = load_config(args.config)
        if args.cfg_options:
            cfg.merge_from_dict(args.cfg_options)
        written = list(
            browse_dataset(
                cfg,
                args.output_dir,
                phase=args.phase,
                num_images=args.num_images or None,
                on_image=lambda index, path: print(f'[{index + 1}] {path}')))
    print(f'{len(written)} images drawn to {args.output_dir}')


if __name__ == '__main__':
    main()
