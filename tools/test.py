"""Evaluate a checkpoint with any mogaseg config (classification, detection
or segmentation); the config's evaluator prints the metrics. Examples::

    python tools/test.py CONFIG CHECKPOINT
    python tools/test.py CONFIG https://.../moganet_tiny_sz224_8xbs128_ep300.pth.tar
    python tools/test.py CONFIG moganet-tiny_8xb128_in1k  # its published weights
    python tools/test.py CONFIG CHECKPOINT --out results.pkl --show-dir vis/
    python tools/test.py CONFIG CHECKPOINT --no-deploy  # BatchNorm unfolded
    bash tools/dist_test.sh CONFIG CHECKPOINT 8
"""
import argparse

from mogaseg.engine import (add_launch_args, build_runner,
                            check_test_config, exit_on_user_errors,
                            load_config, parse_launch_args, setup_test_cfg)
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Test (and evaluate) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument(
        'checkpoint',
        help='checkpoint file, http(s) URL or published model name '
        '(any release\'s layout; see mogaseg.apis.list_models())')
    parser.add_argument(
        '--out', help='dump the raw predictions to this .pkl file')
    parser.add_argument(
        '--show-dir', help='draw the predictions as images into this dir')
    parser.add_argument(
        '--deploy',
        action=argparse.BooleanOptionalAction,
        default=True,
        help='fold BatchNorms and layer scales into the convolutions '
        'before testing (same metrics, faster; the default); --no-deploy '
        'tests the model as it trained')
    add_launch_args(parser)
    return parse_launch_args(parser, argv)


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    with exit_on_user_errors():
        cfg = setup_test_cfg(
            load_config(args.config),
            config_path=args.config,
            checkpoint=args.checkpoint,
            work_dir=args.work_dir,
            out=args.out,
            show_dir=args.show_dir,
            launcher=args.launcher,
            deploy=args.deploy,
            cfg_options=args.cfg_options)
        check_test_config(cfg)
        build_runner(cfg).test()


if __name__ == '__main__':
    main()
