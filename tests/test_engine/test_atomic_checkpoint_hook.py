"""A job killed (SIGKILL) while saving keeps its previous checkpoint and a
``last_checkpoint`` that names it; the best checkpoint is replaced only
once the new one is written."""
import os
import os.path as osp
import subprocess
import sys
import textwrap

import pytest
import torch
import torch.nn as nn
from mmengine.evaluator import BaseMetric, Evaluator
from mmengine.model import BaseModel
from mmengine.runner import Runner

import mogaseg.engine  # noqa: F401 registers the hooks
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


class _Toy(BaseModel):

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 1)

    def forward(self, x, y, mode='loss'):
        if mode == 'loss':
            return dict(loss=((self.fc(x) - y)**2).mean())
        return [None] * len(x)


class _Scores(BaseMetric):
    """'acc' = the next of ``scores`` at every validation."""

    def __init__(self, scores):
        super().__init__()
        self.scores = iter(scores)

    def process(self, data_batch, data_samples):
        self.results.append(0)

    def compute_metrics(self, results):
        return dict(acc=next(self.scores))


def _train_with_best(work_dir, scores):
    """A toy run of ``len(scores)`` epochs, validated and saved (best
    ``acc`` too) after each."""
    data = [dict(x=torch.randn(4), y=torch.randn(1)) for _ in range(4)]
    loader = dict(dataset=data, batch_size=4,
                  sampler=dict(type='DefaultSampler', shuffle=False),
                  collate_fn=dict(type='default_collate'))
    runner = Runner(
        model=_Toy(), work_dir=work_dir, train_dataloader=loader,
        val_dataloader=loader, val_cfg=dict(),
        val_evaluator=Evaluator(_Scores(scores)),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=True, max_epochs=len(scores),
                       val_interval=1),
        default_hooks=dict(
            checkpoint=dict(type='mogaseg.AtomicCheckpointHook', interval=1,
                            save_best='acc', rule='greater'),
            weights_only_checkpoint=dict(
                type='mogaseg.WeightsOnlyCheckpointHook')),
        default_scope='mogaseg',
        # its own MessageHub (best score), not that of an earlier run
        experiment_name=osp.basename(osp.dirname(work_dir)))
    runner.train()


def _bests(work_dir):
    return sorted(f for f in os.listdir(work_dir) if f.startswith('best_'))


def test_best_checkpoint_is_replaced_by_the_new_one(tmp_path):
    work_dir = str(tmp_path / 'work')
    _train_with_best(work_dir, [0.5, 0.7, 0.6])
    assert _bests(work_dir) == ['best_acc_epoch_2.pth']
    state = torch.load(osp.join(work_dir, 'best_acc_epoch_2.pth'),
                       map_location='cpu', weights_only=True)
    assert 'fc.weight' in state['state_dict']


def test_failed_save_of_a_new_best_keeps_the_old_one(tmp_path, monkeypatch):
    work_dir = str(tmp_path / 'work')
    save = Runner.save_checkpoint

    def save_failing_for_the_second_best(self, out_dir, filename, *args,
                                         **kwargs):
        if filename == 'best_acc_epoch_2.pth':
            # the old best is still there while the new one is written
            assert _bests(out_dir) == ['best_acc_epoch_1.pth']
            raise OSError('No space left on device')
        return save(self, out_dir, filename, *args, **kwargs)

    monkeypatch.setattr(Runner, 'save_checkpoint',
                        save_failing_for_the_second_best)
    with pytest.raises(OSError, match='No space left'):
        _train_with_best(work_dir, [0.5, 0.7, 0.9])
    assert _bests(work_dir) == ['best_acc_epoch_1.pth']
    state = torch.load(osp.join(work_dir, 'best_acc_epoch_1.pth'),
                       map_location='cpu', weights_only=True)
    assert 'fc.weight' in state['state_dict']
