"""Checkpoints load weights-only everywhere MMEngine loads them, and a
crafted file is refused without running its code."""
import os.path as osp

import pytest
import torch
from mmengine.runner import CheckpointLoader, load_checkpoint

from mogaseg.checkpoint import UnsafeCheckpointError, read_checkpoint
from mogaseg.checkpoint.download import cache_path
from mogaseg.checkpoint.schemes import load_from_http
from mogaseg.models import MogaNet


def test_crafted_checkpoint_is_refused_and_runs_nothing(crafted_checkpoint):
    path, marker = crafted_checkpoint
    with pytest.raises(UnsafeCheckpointError, match='refused to load') as err:
        read_checkpoint(path)
    assert path in str(err.value) and 'weights_only' in str(err.value)
    # MMEngine's loaders (load_from, resume, init_cfg) go through ours.
    with pytest.raises(UnsafeCheckpointError):
        CheckpointLoader.load_checkpoint(path, map_location='cpu')
    with pytest.raises(UnsafeCheckpointError):
        load_checkpoint(torch.nn.Linear(1, 1), path, map_location='cpu')
    assert not osp.exists(marker)


def test_pretrained_init_cfg_refuses_crafted_file(crafted_checkpoint):
    path, marker = crafted_checkpoint
    model = MogaNet(
        'xtiny', init_cfg=dict(type='Pretrained', checkpoint=path))
    with pytest.raises(UnsafeCheckpointError):
        model.init_weights()
    assert not osp.exists(marker)


def test_plain_checkpoints_still_load(tmp_path):
    path = str(tmp_path / 'plain.pth')
    state = {'state_dict': {'w': torch.arange(3.)}, 'meta': {'epoch': 2}}
    torch.save(state, path)
    loaded = CheckpointLoader.load_checkpoint(path, map_location='cpu')
    assert torch.equal(loaded['state_dict']['w'], state['state_dict']['w'])
    with pytest.raises(FileNotFoundError, match='checkpoint not found'):
        CheckpointLoader.load_checkpoint(str(tmp_path / 'missing.pth'))


def test_url_loader_downloads_then_loads_weights_only(tmp_path,
                                                      crafted_checkpoint):
    path, marker = crafted_checkpoint
    plain = str(tmp_path / 'plain.pth')
    torch.save({'w': torch.ones(2)}, plain)
    cache = str(tmp_path / 'cache')
    # file:// stands in for http(s): the same download code path.
    loaded = load_from_http('file://' + plain, model_dir=cache)
    assert torch.equal(loaded['w'], torch.ones(2))
    assert osp.isfile(cache_path('file://' + plain, cache))
    with pytest.raises(UnsafeCheckpointError):
        load_from_http('file://' + path, model_dir=cache)
    assert not osp.exists(marker)
