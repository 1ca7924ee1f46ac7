"""A job killed (SIGKILL) while saving keeps its previous checkpoint and a
``last_checkpoint`` that names it."""
import os
import os.path as osp
import subprocess
import sys
import textwrap

import pytest
import torch

from mogaseg.engine.hooks import atomic_write

# A 3-epoch toy run that saves every epoch, keeps one checkpoint and is
# killed while saving epoch 2: after writing half the file (`partial`) or
# with the whole file written, just before the rename (`before_rename`).
_SCRIPT = textwrap.dedent('''
    import os, signal, sys
    import torch
    import torch.nn as nn
    from mmengine.model import BaseModel
    from mmengine.runner import Runner
    import mogaseg.engine  # registers the hook and the backend
    from mogaseg.engine.hooks import atomic_checkpoint_hook as ach

    work_dir, when = sys.argv[1], sys.argv[2]

    def kill():
        os.kill(os.getpid(), signal.SIGKILL)

    real_replace = os.replace

    def replace(src, dst):
        if when == 'before_rename' and dst.endswith('epoch_2.pth'):
            kill()
        real_replace(src, dst)

    ach.os.replace = replace

    class HalfWrite:
        def __init__(self, f):
            self.f = f
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.f.close()
        def write(self, data):
            self.f.write(data[:len(data) // 2])
            self.f.flush()
            kill()
        def __getattr__(self, name):
            return getattr(self.f, name)

    real_open = open

    def patched_open(path, mode='r', *args, **kwargs):
        f = real_open(path, mode, *args, **kwargs)
        if when == 'partial' and 'epoch_2.pth.tmp' in str(path):
            return HalfWrite(f)
        return f

    ach.open = patched_open

    class Toy(BaseModel):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 1)
        def forward(self, x, y, mode='loss'):
            return dict(loss=((self.fc(x) - y) ** 2).mean())

    data = [dict(x=torch.randn(4), y=torch.randn(1)) for _ in range(8)]
    runner = Runner(
        model=Toy(), work_dir=work_dir,
        train_dataloader=dict(dataset=data, batch_size=4,
                              sampler=dict(type='DefaultSampler',
                                           shuffle=False),
                              collate_fn=dict(type='default_collate')),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=True, max_epochs=3),
        default_hooks=dict(
            checkpoint=dict(type='mogaseg.AtomicCheckpointHook',
                            interval=1, max_keep_ckpts=1),
            weights_only_checkpoint=dict(
                type='mogaseg.WeightsOnlyCheckpointHook')),
        default_scope='mogaseg')
    runner.train()
''')


@pytest.mark.parametrize('when', ['partial', 'before_rename'])
def test_kill_while_saving_keeps_the_previous_checkpoint(tmp_path, when):
    work_dir = str(tmp_path / 'work')
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, work_dir, when],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == -9, proc.stderr[-3000:]  # SIGKILL
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        last = f.read()
    assert last.endswith('epoch_1.pth')
    checkpoint = torch.load(last, map_location='cpu', weights_only=True)
    assert 'fc.weight' in checkpoint['state_dict']
    # The half-saved epoch 2 never took the checkpoint's name.
    assert not osp.exists(osp.join(work_dir, 'epoch_2.pth'))


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path):
    path = str(tmp_path / 'file.txt')
    atomic_write('old', path)

    with pytest.raises(TypeError):
        atomic_write(object(), path)  # not bytes or str: the write fails
    with open(path) as f:
        assert f.read() == 'old'
    assert os.listdir(tmp_path) == ['file.txt']  # no temporary file left
    atomic_write(b'new', path)
    with open(path) as f:
        assert f.read() == 'new'
