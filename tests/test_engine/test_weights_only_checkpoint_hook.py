import pickle
from collections import OrderedDict, deque

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub

from mogaseg.engine.hooks import (WeightsOnlyCheckpointHook, decode_state,
                                  encode_state)


def _runner_like_checkpoint():
    hub = MessageHub.get_instance('test_weights_only_hook')
    for i in range(5):
        hub.update_scalar('train/loss', 1.0 / (i + 1))
    hub.update_info('best_score', np.float64(0.75))
    hub.update_info('keep_ckpt_ids', deque([1, 2, 3], maxlen=3))
    hub.update_info('embedding', np.arange(6, dtype=np.float32))
    return dict(
        meta=dict(epoch=2, iter=50, seed=np.int64(7), dataset_meta=dict(
            classes=('a', 'b'))),
        state_dict=OrderedDict(w=torch.ones(2)),
        message_hub=hub.state_dict(),
        param_schedulers=[dict(base_lrs=[0.1], last_epoch=3)],
    )


def test_raw_mmengine_state_is_refused_by_weights_only(tmp_path):
    """The reason the hook exists: torch refuses MMEngine's raw state."""
    path = tmp_path / 'raw.pth'
    torch.save(_runner_like_checkpoint(), path)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(path, weights_only=True)


def test_hook_makes_checkpoints_weights_only_loadable(tmp_path):
    checkpoint = _runner_like_checkpoint()
    original_hub = checkpoint['message_hub']
    hook = WeightsOnlyCheckpointHook()
    hook.before_save_checkpoint(None, checkpoint)
    path = tmp_path / 'safe.pth'
    torch.save(checkpoint, path)

    loaded = torch.load(path, weights_only=True)
    hook.after_load_checkpoint(None, loaded)

    assert loaded['meta']['seed'] == 7
    hub = loaded['message_hub']
    buffer = hub['log_scalars']['train/loss']
    assert isinstance(buffer, HistoryBuffer)
    expected = original_hub['log_scalars']['train/loss']
    np.testing.assert_allclose(buffer.data[0], expected.data[0])
    np.testing.assert_allclose(buffer.data[1], expected.data[1])
    assert buffer.max_length == expected.max_length
    assert buffer.mean() == pytest.approx(expected.mean())
    info = hub['runtime_info']
    assert info['best_score'] == 0.75
    assert isinstance(info['keep_ckpt_ids'], deque)
    assert list(info['keep_ckpt_ids']) == [1, 2, 3]
    assert info['keep_ckpt_ids'].maxlen == 3
    np.testing.assert_array_equal(info['embedding'],
                                  np.arange(6, dtype=np.float32))
    assert loaded['param_schedulers'] == [dict(base_lrs=[0.1], last_epoch=3)]


def test_encode_decode_keep_containers():
    state = OrderedDict(a=(1, 2.5, 'x'), b=[None, True], c={'d': {}})
    assert decode_state(encode_state(state)) == state
    assert isinstance(decode_state(encode_state(state)), OrderedDict)


def test_one_cycle_schedule_resumes_from_a_weights_only_checkpoint(tmp_path):
    """MMEngine's OneCycleLR keeps its annealing function (a bound method)
    in its state; the checkpoint leaves it out and the resumed scheduler
    goes on exactly as the uninterrupted one."""
    from mmengine.optim import OneCycleLR, OptimWrapper

    def scheduler():
        param = torch.nn.Parameter(torch.zeros(1))
        wrapper = OptimWrapper(torch.optim.Adam([param], lr=1e-3))
        return wrapper, OneCycleLR(wrapper, eta_max=1e-3, total_steps=20,
                                   by_epoch=False)

    wrapper, straight = scheduler()
    for _ in range(7):
        wrapper.step()
        straight.step()
    path = tmp_path / 'sched.pth'
    torch.save(encode_state(straight.state_dict()), path)
    state = decode_state(torch.load(path, weights_only=True))

    wrapper_2, resumed = scheduler()
    resumed.load_state_dict(state)
    for _ in range(8):
        for w, s in ((wrapper, straight), (wrapper_2, resumed)):
            w.step()
            s.step()
        assert wrapper_2.param_groups[0]['lr'] == \
            wrapper.param_groups[0]['lr']
