"""Command-line options that several tools share, spelt and checked the
same way everywhere."""
import argparse
from typing import Optional, Sequence, Tuple

from mmengine.config import DictAction

LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def loader_cfg_options(root: str, **settings) -> list:
    """``--cfg-options`` that point every dataloader of a config at
    ``root``, in the training process (no workers), with ``KEY=VALUE``
    settings of each loader's own (``{root}`` in a value is filled in):
    how the tests and ``tools/gpu_check.py`` run a config on generated
    data."""
    options = []
    for loader in LOADERS:
        options += [f'{loader}.dataset.data_root={root}',
                    f'{loader}.num_workers=0',
                    f'{loader}.persistent_workers=False']
        options += [f'{loader}.{key}={value}'.format(root=root)
                    for key, value in settings.items()]
    return options


def add_cfg_options_arg(parser: argparse.ArgumentParser) -> None:
    """``--cfg-options KEY=VALUE ...``: overrides merged into the config."""
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, key=value pairs, e.g. '
        'model.backbone.arch=small')


def add_device_arg(parser: argparse.ArgumentParser) -> None:
    """``--device``: where the model runs (default: a GPU if any)."""
    parser.add_argument(
        '--device', help="e.g. 'cpu' or 'cuda:0'. Defaults to the GPU if any")


def add_shape_arg(parser: argparse.ArgumentParser, default: int = 224) -> None:
    """``--shape S`` or ``--shape H W``: the input size; read it with
    :func:`parsed_shape`. Without it, a video model's own frame size (its
    ``in_shape``), any other model's ``default``."""
    parser.add_argument(
        '--shape',
        type=int,
        nargs='+',
        help=f'input size: one value (square) or H W. Defaults to {default} '
        "(a video model: its frame size)")


def parsed_shape(parser: argparse.ArgumentParser,
                 args: argparse.Namespace) -> Optional[Tuple[int, int]]:
    """The ``(H, W)`` of ``--shape``, None if not given (read the
    default with :func:`input_size`); a usage error for other counts or
    sizes that are not positive."""
    if args.shape is None:
        return None
    if len(args.shape) not in (1, 2):
        parser.error('--shape takes one value (square) or two (H W)')
    if min(args.shape) <= 0:
        parser.error(f'--shape must be positive, got {args.shape}')
    return tuple(args.shape * 2 if len(args.shape) == 1 else args.shape)



def input_size(shape: Optional[Tuple[int, int]],
               in_shape: Optional[Sequence[int]] = None,
               default: int = 224) -> Tuple[int, int]:
    """``shape`` (``--shape``), else the frame size of a video model's
    ``in_shape`` ``(T, C, H, W)``, else ``(default, default)``."""
    if shape is not None:
        return tuple(shape)
    return tuple(in_shape[-2:]) if in_shape else (default, default)
