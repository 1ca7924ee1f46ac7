"""Train any mogaseg config: classification, detection or segmentation.

The task comes from the config (its ``default_scope`` and ``custom_imports``),
never from this script. Examples::

    python tools/train.py configs/moganet/moganet-tiny_8xb128_in1k.py
    python tools/train.py CONFIG --resume                # latest in work_dir
    python tools/train.py CONFIG --resume path/to/epoch_10.pth
    bash tools/dist_train.sh CONFIG 8                   # torchrun, DDP
"""
import argparse

from mogaseg.engine import (add_launch_args, build_runner,
                            check_train_config, exit_on_user_errors,
                            load_config, parse_launch_args, setup_train_cfg)
from mogaseg.engine.resume_check import warn_inexact_resume
from mogaseg.engine.work_dir import hold_work_dir
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or, with no value, from the '
        'latest checkpoint in the work dir')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='enable automatic mixed precision training (CUDA)')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the lr linearly from auto_scale_lr.base_batch_size to '
        'the actual total batch size')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='skip validation during training')
    parser.add_argument(
        '--strict-data',
        action='store_true',
        help='stop before training when annotations would be dropped '
        '(on unknown images or categories, degenerate boxes ...), instead '
        'of counting them in a warning')
    add_launch_args(parser)
    return parse_launch_args(parser, argv)


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    with exit_on_user_errors():
        cfg = setup_train_cfg(
            load_config(args.config),
            config_path=args.config,
            work_dir=args.work_dir,
            resume=args.resume,
            amp=args.amp,
            auto_scale_lr=args.auto_scale_lr,
            no_validate=args.no_validate,
            launcher=args.launcher,
            cfg_options=args.cfg_options)
        check_train_config(cfg, strict_data=args.strict_data)
        # before the Runner writes anything into the work dir
        with hold_work_dir(cfg.work_dir, args.launcher, bool(args.resume)):
            runner = build_runner(cfg)
            warn_inexact_resume(cfg)
            runner.train()


if __name__ == '__main__':
    main()
