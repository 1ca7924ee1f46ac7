"""Make test fixtures for loading the SimVP release's checkpoint files.

Writes into ``tests/data/simvp_release/`` (or ``--out``), per case:

* ``<case>.pth``: the state dict of a small randomly initialised SimVP of
  the release, saved as the release saves its ``.pth`` files (the model's
  bare ``state_dict()``); for the ``moga`` case also
  ``<case>_lightning.ckpt``, the same weights as its Lightning checkpoints
  hold them (``{'state_dict': {'model.' + key: ...}}``);
* ``<case>.npz``: ``inputs`` (B, T, C, H, W) and the release model's
  ``outputs`` for them in eval mode;
* ``fixture.json``: each case's model arguments.

Every weight and BatchNorm statistic is perturbed at random (fixed seeds),
so a converter that drops, swaps or reshapes any of them fails the
comparison.

Run with a checkout of the release (github.com/chengtan9907/OpenSTL) and
timm; only ``openstl/models/simvp_model.py``, ``openstl/modules/
simvp_modules.py`` and ``openstl/modules/layers/`` are imported, under
stub packages, so the rest of its dependencies are not needed::

    pip install --no-deps --target /tmp/timm_pkg timm
    PYTHONPATH=/tmp/timm_pkg python tests/helpers/make_simvp_fixture.py \
        --openstl /tmp/openstl_src/openstl

Takes a few seconds; the output is about 800 kB.
"""
import argparse
import importlib.util
import json
import os.path as osp
import sys
import types

import numpy as np
import torch

CASES = {
    # translator, in_shape (T, C, H, W), hid_S, hid_T, N_S, N_T
    'moga': dict(model_type='moga', in_shape=[4, 2, 16, 16], hid_S=8,
                 hid_T=16, N_S=4, N_T=3),
    'van': dict(model_type='van', in_shape=[4, 1, 16, 16], hid_S=8,
                hid_T=32, N_S=2, N_T=2),
}


def import_release_model(package_dir: str):
    """The release's ``SimVP_Model`` class, importing only what it needs."""
    for name in ('openstl', 'openstl.modules', 'openstl.models'):
        module = types.ModuleType(name)
        module.__path__ = [osp.join(package_dir, *name.split('.')[1:])]
        sys.modules[name] = module

    def load(name, path):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module

    load('openstl.modules.layers',
         osp.join(package_dir, 'modules', 'layers', '__init__.py'))
    blocks = load('openstl.modules.simvp_modules',
                  osp.join(package_dir, 'modules', 'simvp_modules.py'))
    for name in dir(blocks):
        setattr(sys.modules['openstl.modules'], name, getattr(blocks, name))
    return load('openstl.models.simvp_model',
                osp.join(package_dir, 'models',
                         'simvp_model.py')).SimVP_Model


def perturb(model: torch.nn.Module, seed: int) -> None:
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if not tensor.dtype.is_floating_point:
                continue
            noise = torch.randn(tensor.shape, generator=generator)
            if name.endswith('running_var'):
                tensor.copy_(0.5 + noise.abs() * 0.5)
            else:
                tensor.add_(noise * 0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--openstl', required=True,
                        help="the release's openstl package directory")
    parser.add_argument(
        '--out',
        default=osp.join(
            osp.dirname(osp.dirname(osp.abspath(__file__))), 'data',
            'simvp_release'))
    args = parser.parse_args()
    release_model = import_release_model(args.openstl)
    fixture = {}
    for seed, (case, kwargs) in enumerate(CASES.items()):
        torch.manual_seed(seed)
        model = release_model(**kwargs).eval()
        perturb(model, seed)
        inputs = torch.rand(2, *kwargs['in_shape'],
                            generator=torch.Generator().manual_seed(seed))
        with torch.no_grad():
            outputs = model(inputs)
        state_dict = model.state_dict()
        torch.save(state_dict, osp.join(args.out, f'{case}.pth'))
        if case == 'moga':
            torch.save(
                {'state_dict': {f'model.{k}': v
                                for k, v in state_dict.items()}},
                osp.join(args.out, f'{case}_lightning.ckpt'))
        np.savez(
            osp.join(args.out, f'{case}.npz'),
            inputs=inputs.numpy(),
            outputs=outputs.numpy())
        fixture[case] = kwargs
        print(f'{case}: {len(state_dict)} tensors, outputs '
              f'{tuple(outputs.shape)}')
    with open(osp.join(args.out, 'fixture.json'), 'w') as f:
        json.dump(fixture, f, indent=2)


if __name__ == '__main__':
    main()
