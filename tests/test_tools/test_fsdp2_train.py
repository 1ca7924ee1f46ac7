"""Sharded training (torch's FSDP2, mogaseg.FSDP2Strategy) on 2 CPU
processes with gloo: it trains as one process does with the same global
batch, its checkpoints hold the full weights (an unsharded model loads
them), and a run resumes at another world size, sharded or not."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

CONFIG = 'configs/moganet/moganet-xtiny_2xb8_demo-imagenet-64px_fsdp2.py'
UNSHARDED = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'


@pytest.mark.slow
def test_two_sharded_processes_then_one_resumed(tmp_path, repo_root,
                                                free_port,
                                                world_size_free_options):
    options = world_size_free_options  # the same global batch (8) always
    env = dict(os.environ, PORT=str(free_port()), OMP_NUM_THREADS='1',
               PYTHON=sys.executable)

    def train(launch, config, work_dir, batch_size, *args):
        """``launch config *args`` (2 epochs, no validation) with the
        world-size-free options for a per-rank ``batch_size``."""
        proc = subprocess.run(
            [*launch, config, *args, '--work-dir', work_dir,
             '--no-validate', '--cfg-options', *options(batch_size)],
            cwd=repo_root, env=env, capture_output=True, text=True,
            timeout=900)
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]

    two = str(tmp_path / 'two')
    train(['bash', 'tools/dist_train.sh'], CONFIG, two, 4, '2')  # 2 ranks

    # one process, the same global batch, resumed from the sharded run's
    # first epoch: its second epoch ends where the sharded run's does
    one = str(tmp_path / 'one')
    resume = ['--resume', osp.join(two, 'epoch_1.pth')]
    train([sys.executable, 'tools/train.py'], CONFIG, one, 8, *resume)

    def checkpoint(work_dir, epoch):
        return torch.load(osp.join(work_dir, f'epoch_{epoch}.pth'),
                          map_location='cpu', weights_only=True)

    # and an unsharded run of the plain config (MMEngine's Runner) resumes
    # from it too, the optimizer state being in parameter order
    plain = str(tmp_path / 'plain')
    train([sys.executable, 'tools/train.py'], UNSHARDED, plain, 8, *resume)

    sharded = checkpoint(two, 2)
    start = checkpoint(two, 1)['state_dict']
    for resumed in (checkpoint(one, 2), checkpoint(plain, 2)):
        for name, tensor in sharded['state_dict'].items():
            torch.testing.assert_close(resumed['state_dict'][name], tensor,
                                       rtol=1e-4, atol=1e-5, msg=name)
    assert not torch.equal(start['head.fc.weight'],
                           sharded['state_dict']['head.fc.weight'])
    # the optimizer state is keyed by parameter name, whole, not a shard
    state = sharded['optimizer']['state']
    assert 'head.fc.weight' in state
    assert state['head.fc.weight']['exp_avg'].shape == (8, 192)

    # the full weights: an unsharded model loads every tensor of them
    from mogaseg.apis import init_model
    model = init_model(CONFIG, osp.join(two, 'epoch_2.pth'), deploy=False)
    for name, tensor in model.state_dict().items():
        assert torch.equal(tensor, sharded['state_dict'][name]), name
