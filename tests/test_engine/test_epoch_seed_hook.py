"""An iteration-based run resumed from a middle checkpoint ends with the
same weights, bit for bit, as the uninterrupted run: the random stream
(here dropout) is tied to the iteration, not to the process."""
import os.path as osp
import shutil

import torch
import torch.nn as nn
from mmengine.model import BaseModel
from mmengine.runner import Runner

import mogaseg.engine  # noqa: F401 registers the hooks


class _Dropout(BaseModel):

    def __init__(self):
        super().__init__()
        self.fc = nn.Sequential(nn.Dropout(0.5), nn.Linear(8, 1))

    def forward(self, x, y, mode='loss'):
        return dict(loss=((self.fc(x) - y)**2).mean())


def _train(work_dir, resume_from=None):
    gen = torch.Generator().manual_seed(0)
    data = [dict(x=torch.randn(8, generator=gen), y=torch.randn(1,
                                                               generator=gen))
            for _ in range(8)]
    runner = Runner(
        model=_Dropout(), work_dir=work_dir,
        train_dataloader=dict(
            dataset=data, batch_size=2,
            sampler=dict(type='InfiniteSampler', shuffle=True),
            collate_fn=dict(type='default_collate')),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=False, max_iters=6),
        default_hooks=dict(
            checkpoint=dict(type='mogaseg.AtomicCheckpointHook',
                            by_epoch=False, interval=3),
            epoch_seed=dict(type='mogaseg.EpochSeedHook'),
            weights_only_checkpoint=dict(
                type='mogaseg.WeightsOnlyCheckpointHook')),
        randomness=dict(seed=0),
        load_from=resume_from, resume=resume_from is not None,
        default_scope='mogaseg',
        # its own MessageHub, not that of the other run
        experiment_name=f'{osp.basename(work_dir)}_{id(data)}')
    runner.train()
    return torch.load(f'{work_dir}/iter_6.pth', map_location='cpu',
                      weights_only=True)['state_dict']


def test_iteration_based_resume_is_bit_exact(tmp_path):
    straight = _train(str(tmp_path / 'straight'))
    middle = str(tmp_path / 'iter_3.pth')
    shutil.copy(tmp_path / 'straight' / 'iter_3.pth', middle)

    resumed = _train(str(tmp_path / 'resumed'), resume_from=middle)
    for name, tensor in straight.items():
        assert torch.equal(tensor, resumed[name]), name
    # and the three resumed iterations did train
    start = torch.load(middle, map_location='cpu',
                       weights_only=True)['state_dict']
    assert not torch.equal(start['fc.1.weight'], resumed['fc.1.weight'])


class _RandomItems(torch.utils.data.Dataset):
    """Items drawn from NumPy's global generator, as datasets that generate
    their items (Moving MNIST's training split) draw them."""

    def __len__(self):
        return 4

    def __getitem__(self, idx):
        import numpy as np
        return dict(x=torch.tensor([np.random.rand()]))


class _Recorder(BaseModel):

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(1))
        self.seen = []

    def forward(self, x, mode='loss'):
        self.seen.append(sorted(x.flatten().tolist()))
        return dict(loss=(self.w * x).sum())


def test_new_workers_draw_new_items_every_epoch(tmp_path):
    """MMEngine seeds every epoch's (non-persistent) workers alike; the
    hook moves their seed on with the epoch, the same in every run."""

    def run(name):
        model = _Recorder()
        Runner(
            model=model, work_dir=str(tmp_path / name),
            train_dataloader=dict(
                dataset=_RandomItems(), batch_size=4, num_workers=1,
                persistent_workers=False,
                sampler=dict(type='DefaultSampler', shuffle=False),
                collate_fn=dict(type='default_collate')),
            optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
            train_cfg=dict(by_epoch=True, max_epochs=3),
            default_hooks=dict(
                checkpoint=None,
                epoch_seed=dict(type='mogaseg.EpochSeedHook')),
            randomness=dict(seed=0), default_scope='mogaseg',
            experiment_name=f'{name}_{id(model)}').train()
        return model.seen

    first, second = run('a'), run('b')
    assert first == second  # reproducible
    assert first[0] != first[1] != first[2] != first[0]  # new each epoch
