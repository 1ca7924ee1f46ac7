"""tools/dist_train.sh on a CPU-only machine: two processes (torchrun,
gloo) train the classification demo with DDP."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

CONFIG = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'


def _weights(path):
    return torch.load(path, map_location='cpu', weights_only=True)


@pytest.mark.slow
def test_two_process_ddp_matches_one_process(tmp_path, repo_root, free_port,
                                             world_size_free_options):
    options = world_size_free_options  # the same global batch (8) either way

    # The demo config, plus a hook that saves every rank's weights.
    config = tmp_path / 'ddp_demo.py'
    config.write_text(
        f"_base_ = [{osp.join(repo_root, CONFIG)!r}]\n"
        "custom_imports = dict(imports=['dump_rank_weights'])\n"
        "custom_hooks = [dict(type='DumpRankWeightsHook')]\n")

    env = dict(os.environ,
               PYTHONPATH=osp.join(repo_root, 'tests', 'helpers'),
               PORT=str(free_port()), OMP_NUM_THREADS='1',
               PYTHON=sys.executable)
    two = str(tmp_path / 'two')
    proc = subprocess.run(
        ['bash', 'tools/dist_train.sh', str(config), '2', '--work-dir', two,
         '--no-validate', '--cfg-options', *options(4)],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    assert 'gloo' in proc.stdout + proc.stderr

    one = str(tmp_path / 'one')
    proc = subprocess.run(
        [sys.executable, 'tools/train.py', str(config), '--work-dir', one,
         '--no-validate', '--cfg-options', *options(8)],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]

    rank0, rank1 = (_weights(osp.join(two, f'rank{r}.pth')) for r in (0, 1))
    single = _weights(osp.join(one, 'rank0.pth'))
    start = _weights(osp.join(two, 'epoch_1.pth'))['state_dict']
    for name, tensor in rank0.items():
        assert torch.equal(tensor, rank1[name]), name  # DDP kept them equal
        torch.testing.assert_close(
            tensor, single[name], rtol=1e-4, atol=1e-5, msg=name)
    # and the runs did train
    assert not torch.equal(rank0['head.fc.weight'],
                           start['head.fc.weight'])
