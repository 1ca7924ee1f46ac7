"""Export a trained model to ONNX, and check the file against PyTorch::

    python tools/deployment/pytorch2onnx.py CONFIG CHECKPOINT --shape 224 \\
        --out model.onnx --verify
    python tools/deployment/pytorch2onnx.py CONFIG CHECKPOINT \\
        --shape 800 1216 --deploy --opset 17 --verify

A classifier is exported whole, up to its logits (output ``logits``); a
detector or segmentor as its backbone, one output per feature map
(``feat0`` .. ``featN``). The input ``input`` is the normalised image batch
``N x 3 x H x W`` (float32), ``N`` free, ``H x W`` fixed by ``--shape``; the
normalisation (mean, std, to_rgb), the class names of a classifier and the
config path are in the file's metadata. ``--deploy`` folds BatchNorms and
layer scales into the convolutions first. ``--verify`` runs the file with
ONNX Runtime on a random batch of 2 and exits with status 1 if an output
differs from PyTorch by more than ``--atol``.
"""
import argparse
import os.path as osp
import sys
import time

from mogaseg.apis import init_model
from mogaseg.deployment import (DEFAULT_OPSET, MAX_OPSET, MIN_OPSET,
                                ExportModule, export_onnx, onnx_io_shapes,
                                require_package, verify_onnx)
from mogaseg.engine import (check_image_task, exit_on_user_errors,
                            load_config)
from mogaseg.engine.cli import (add_cfg_options_arg, add_shape_arg,
                                input_size, parsed_shape)
from mogaseg.models import switch_to_deploy
from mogaseg.utils import register_all_modules

VERIFY_BATCH = 2


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Export a model (a classifier, or the backbone of a '
        'detector or segmentor) to ONNX')
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    add_shape_arg(parser)
    parser.add_argument(
        '--out',
        help='the ONNX file to write. Defaults to the checkpoint file with '
        'the suffix .onnx')
    parser.add_argument(
        '--opset',
        type=int,
        default=DEFAULT_OPSET,
        help=f'ONNX opset ({MIN_OPSET} to {MAX_OPSET}). Defaults to '
        f'{DEFAULT_OPSET}')
    parser.add_argument(
        '--deploy',
        action='store_true',
        help='fold BatchNorms and layer scales into the convolutions first '
        '(same outputs, fewer operations)')
    parser.add_argument(
        '--verify',
        action='store_true',
        help=f'run the file with ONNX Runtime on a random batch of '
        f'{VERIFY_BATCH} and compare with PyTorch')
    parser.add_argument(
        '--atol',
        type=float,
        default=1e-4,
        help='largest absolute difference --verify accepts. Defaults to '
        '1e-4')
    add_cfg_options_arg(parser)
    args = parser.parse_args(argv)
    args.shape = input_size(parsed_shape(parser, args))
    if not MIN_OPSET <= args.opset <= MAX_OPSET:
        parser.error(f'--opset must be in [{MIN_OPSET}, {MAX_OPSET}], got '
                     f'{args.opset}')
    if not args.atol > 0:
        parser.error(f'--atol must be positive, got {args.atol}')
    return args


def _is_url(path: str) -> bool:
    return path.startswith(('http://', 'https://'))


def _default_out(checkpoint: str) -> str:
    if _is_url(checkpoint):
        checkpoint = osp.basename(checkpoint.split('?')[0])
    return osp.splitext(checkpoint)[0] + '.onnx'


def _format_tolerance(atol: float) -> str:
    short = f'{atol:.0e}'
    return short if float(short) == atol else f'{atol:g}'


def _format_shape(shape) -> str:
    return ' x '.join(str(size) for size in shape)


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    start = time.perf_counter()
    h, w = args.shape
    out = args.out or _default_out(args.checkpoint)
    with exit_on_user_errors():
        # Before the model loads: say now what is missing.
        require_package('onnx')
        if args.verify:
            require_package('onnxruntime')
        cfg = load_config(args.config)
        check_image_task(cfg, 'tools/deployment/pytorch2onnx.py')
        model = init_model(
            cfg, args.checkpoint, device='cpu',
            cfg_options=args.cfg_options, deploy=False)  # see --deploy
        print(f'Exporting {ExportModule(model).describe()}')
        print(f'  config: {args.config}')
        print(f'  checkpoint: {args.checkpoint}')
        if args.deploy:
            # no private oneDNN ops or batch chunks in an exported graph
            switched = switch_to_deploy(
                model, use_onednn=False, chunk_bytes=None)
            print(f'  deploy: {switched} modules folded (switch_to_deploy)')
        print(f'  input: input, batch x 3 x {h} x {w} (batch axis dynamic), '
              f'opset {args.opset}')
        export_start = time.perf_counter()
        names = export_onnx(
            model,
            out, (h, w),
            opset=args.opset,
            metadata=dict(
                config=args.config,
                checkpoint=args.checkpoint,
                deploy=args.deploy))
    shapes = onnx_io_shapes(out)
    print('Outputs:')
    for name in names:
        print(f'  {name}: {_format_shape(shapes[name])}')
    size_mb = osp.getsize(out) / 2**20
    print(f'Saved {out} ({size_mb:.2f} MB) in '
          f'{time.perf_counter() - export_start:.1f} s')
    if args.verify:
        verify_start = time.perf_counter()
        print('Verifying with ONNX Runtime (CPUExecutionProvider) on a '
              f'random batch of {VERIFY_BATCH}:')
        diffs = verify_onnx(model, out, (h, w), batch=VERIFY_BATCH)
        tolerance = _format_tolerance(args.atol)
        for name, diff in diffs.items():
            print(f'  {name}: max abs difference: {diff:.2e} '
                  f'(tolerance {tolerance})')
        failed = [name for name, diff in diffs.items()
                  if not diff <= args.atol]  # NaN fails too
        if failed:
            sys.exit(f'error: ONNX Runtime and PyTorch differ by more than '
                     f'--atol {tolerance} in {", ".join(failed)}')
        print(f'Verified: onnx.checker passed and every output matches '
              f'PyTorch ({time.perf_counter() - verify_start:.1f} s)')
    print(f'Done in {time.perf_counter() - start:.1f} s')


if __name__ == '__main__':
    main()
