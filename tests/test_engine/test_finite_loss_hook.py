from types import SimpleNamespace

import pytest
import torch
from mmengine.logging import MessageHub

from mogaseg.engine.hooks import FiniteLossHook, NonFiniteLossError


def _runner(last_ckpt=None):
    hub = MessageHub.get_instance('finite_loss_test')
    hub.runtime_info.pop('last_ckpt', None)
    if last_ckpt:
        hub.update_info('last_ckpt', last_ckpt)
    return SimpleNamespace(message_hub=hub, iter=41, epoch=2)


@pytest.mark.parametrize('value', [float('nan'), float('inf')])
def test_non_finite_loss_stops_naming_iteration_and_checkpoint(value):
    hook = FiniteLossHook()
    with pytest.raises(NonFiniteLossError) as err:
        hook.after_train_iter(
            _runner('work/epoch_2.pth'), 3,
            outputs=dict(loss=torch.tensor(value)))
    message = str(err.value)
    assert f'became {value}' in message
    assert 'iteration 42 (epoch 3, batch 4)' in message
    assert 'the last good checkpoint is work/epoch_2.pth' in message


def test_finite_loss_passes():
    hook = FiniteLossHook()
    hook.after_train_iter(_runner(), 0, outputs=dict(loss=torch.tensor(1.)))
    hook.after_train_iter(_runner(), 0, outputs=None)
    with pytest.raises(NonFiniteLossError, match='no checkpoint had been'):
        hook.after_train_iter(_runner(), 0,
                              outputs=dict(loss=torch.tensor(float('nan'))))
