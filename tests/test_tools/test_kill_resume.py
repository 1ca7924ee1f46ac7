"""Runs killed (SIGKILL) at random moments and resumed lose nothing: after
every kill ``last_checkpoint`` names a loadable checkpoint, a best
checkpoint once saved is never missing, and the next start removes the
partial files of the killed run (``kill_harness.py`` does the killing and
the checks)."""
import json
import os.path as osp
import subprocess
import sys

# The classification demo, iteration-based, saving every iteration and
# validating (best checkpoint) every other.
_CONFIG = '''
_base_ = [{base!r}]
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop', max_iters=8,
                 val_interval=2)
param_scheduler = None
train_dataloader = dict(sampler=dict(type='InfiniteSampler'))
default_hooks = dict(
    logger=dict(interval=1),
    checkpoint=dict(by_epoch=False, interval=1, max_keep_ckpts=2))
'''


def test_random_kills_lose_no_checkpoint(tmp_path, repo_root, tiny_imagenet,
                                         loader_options):
    config = tmp_path / 'demo_iters.py'
    config.write_text(_CONFIG.format(base=osp.join(
        repo_root,
        'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py')))
    options = loader_options(tiny_imagenet, **{
        'dataset.classes': '{root}/meta/classes.txt',
        'batch_size': 4
    }) + ['val_dataloader.dataset.indices=4']
    proc = subprocess.run(
        [sys.executable,
         osp.join(repo_root, 'tests', 'test_tools', 'kill_harness.py'),
         str(tmp_path / 'work'), '3', '0', '20', str(config), *options],
        cwd=repo_root, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary['kills'] >= 2, summary
    assert summary['last_checkpoint'].endswith('iter_8.pth'), summary
    assert summary['best'], summary
