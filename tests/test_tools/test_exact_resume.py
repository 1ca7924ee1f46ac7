"""A deterministic run killed with SIGKILL in the middle of an epoch and
resumed with --resume ends with the same weights, bit for bit, as an
uninterrupted run."""
import os.path as osp
import re
import signal
import subprocess
import sys

import pytest
import torch

CONFIG = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'


def _train_cmd(repo_root, work_dir, options, *extra):
    return [
        sys.executable,
        osp.join(repo_root, 'tools', 'train.py'), CONFIG, '--work-dir',
        work_dir, '--no-validate', *extra, '--cfg-options', *options
    ]


def _weights(path):
    return torch.load(path, map_location='cpu',
                      weights_only=True)['state_dict']


@pytest.mark.slow
def test_sigkill_mid_epoch_then_resume_is_bit_exact(tmp_path, repo_root,
                                                    tiny_imagenet,
                                                    loader_options):
    options = [
        *loader_options(
            tiny_imagenet, **{
                'dataset.classes': '{root}/meta/classes.txt',
                'batch_size': 4
            }), 'train_cfg.max_epochs=3', 'param_scheduler.1.end=3',
        'default_hooks.logger.interval=1', 'randomness.seed=0',
        'randomness.deterministic=True'
    ]
    straight = str(tmp_path / 'straight')
    proc = subprocess.run(
        _train_cmd(repo_root, straight, options), cwd=repo_root,
        capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]

    # The same run, killed after the first iteration of epoch 3.
    killed = str(tmp_path / 'killed')
    job = subprocess.Popen(
        _train_cmd(repo_root, killed, options), cwd=repo_root,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    for line in job.stdout:
        seen.append(line)
        if re.search(r'Epoch\(train\)\s+\[3\]\[1/\d+\]', line):
            job.send_signal(signal.SIGKILL)
            break
    job.wait(timeout=60)
    job.stdout.close()
    assert job.returncode == -signal.SIGKILL, ''.join(seen)[-3000:]
    assert not osp.exists(osp.join(killed, 'epoch_3.pth'))

    proc = subprocess.run(
        _train_cmd(repo_root, killed, options, '--resume'), cwd=repo_root,
        capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert 'resumed epoch: 2' in proc.stdout + proc.stderr

    expected = _weights(osp.join(straight, 'epoch_3.pth'))
    resumed = _weights(osp.join(killed, 'epoch_3.pth'))
    assert expected.keys() == resumed.keys()
    for name, tensor in expected.items():
        assert torch.equal(tensor, resumed[name]), name
    # and training did change the weights since the resumed checkpoint
    assert not all(
        torch.equal(t, _weights(osp.join(killed, 'epoch_2.pth'))[k])
        for k, t in expected.items() if t.is_floating_point())
