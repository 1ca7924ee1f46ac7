"""Two trainings into one work dir: the second stops at once, naming the
first, and writes nothing; once the first is killed, ``--resume`` takes the
work dir over and continues from the first run's checkpoint."""
import glob
import os.path as osp
import re
import signal
import subprocess
import sys
import threading
import time

import torch

CONFIG = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'


class _Run:
    """``tools/train.py`` in the background, its output collected."""

    def __init__(self, repo_root, args):
        self.proc = subprocess.Popen(
            [sys.executable, osp.join(repo_root, 'tools', 'train.py'), *args],
            cwd=repo_root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        self.lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def wait_for(self, done, timeout=120):
        """Wait until ``done()`` while the run lives."""
        end = time.time() + timeout
        while time.time() < end:
            if done():
                return
            assert self.proc.poll() is None, ''.join(self.lines)[-3000:]
            time.sleep(0.1)
        raise AssertionError(f'{done} not done in {timeout} s')

    def printed(self, pattern):
        return lambda: any(re.search(pattern, line) for line in self.lines)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self._reader.join(30)


def _loads(path):
    state = torch.load(path, map_location='cpu', weights_only=True)
    return bool(state['state_dict'])


def test_second_run_stops_and_resume_takes_over(tmp_path, repo_root,
                                                 tiny_imagenet, loader_options,
                                                 run_tool):
    work_dir = str(tmp_path / 'work')
    options = loader_options(tiny_imagenet, **{
        'dataset.classes': '{root}/meta/classes.txt',
        'batch_size': 8
    }) + ['val_dataloader.dataset.indices=8',
          'default_hooks.logger.interval=1']
    first = _Run(repo_root, [
        CONFIG, '--work-dir', work_dir, '--cfg-options', *options,
        'train_cfg.max_epochs=50'
    ])
    try:
        first.wait_for(first.printed(r'Epoch\(train\)\s+\[1\]\[1/'))

        start = time.time()
        proc, out = run_tool('train.py', CONFIG, '--work-dir', work_dir,
                             '--cfg-options', *options,
                             'train_cfg.max_epochs=49', timeout=120)
        assert proc.returncode == 1, out[-3000:]
        assert (f'error: work dir {work_dir} is in use by another training '
                f'run (pid {first.proc.pid} on ') in out
        assert 'train.py' in out.splitlines()[-1]  # its command
        assert time.time() - start < 60  # at once, not after training
        assert first.proc.poll() is None  # the first run goes on

        first.wait_for(
            lambda: osp.exists(osp.join(work_dir, 'last_checkpoint')))
        first.kill()
    finally:
        if first.proc.poll() is None:
            first.kill()

    # Only the first run wrote: one timestamp folder, its config, its
    # checkpoints.
    assert len(glob.glob(osp.join(work_dir, '2*'))) == 1
    dumped = open(osp.join(work_dir, osp.basename(CONFIG))).read()
    assert 'max_epochs=50' in dumped
    last = open(osp.join(work_dir, 'last_checkpoint')).read()
    assert _loads(last)
    epoch = int(re.search(r'epoch_(\d+)\.pth$', last).group(1))

    proc, out = run_tool('train.py', CONFIG, '--work-dir', work_dir,
                         '--resume', '--cfg-options', *options,
                         f'train_cfg.max_epochs={epoch + 1}', timeout=300)
    assert proc.returncode == 0, out[-3000:]
    assert (f'the run that held it (pid {first.proc.pid} on ') in out
    assert 'ended without releasing it; resuming from its checkpoints' in out
    assert f'resumed epoch: {epoch}, iter' in out
    assert _loads(osp.join(work_dir, f'epoch_{epoch + 1}.pth'))
