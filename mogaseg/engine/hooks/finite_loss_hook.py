"""Stop training at the first NaN or infinite loss, with a message that
says where, before a checkpoint of the broken weights is written."""
import math

from mmengine.hooks import Hook

from mogaseg.errors import NonFiniteLossError
from mogaseg.registry import HOOKS


@HOOKS.register_module()
class FiniteLossHook(Hook):
    """Check the loss after every training iteration.

    It runs before the checkpoint hook (priority ``VERY_HIGH``), so the
    broken weights are never saved and the last checkpoint on disk is the
    last good one; the error names it, with the iteration and epoch.
    MMDetection's ``CheckInvalidLossHook`` checks only every 50 iterations,
    with a bare assert.
    """
    priority = 'VERY_HIGH'

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        if not outputs or 'loss' not in outputs:
            return
        loss = float(outputs['loss'])
        if math.isfinite(loss):
            return
        last = runner.message_hub.get_info('last_ckpt')
        kept = f'the last good checkpoint is {last}' if last else \
            'no checkpoint had been saved yet'
        raise NonFiniteLossError(
            f'the training loss became {loss} at iteration {runner.iter + 1} '
            f'(epoch {runner.epoch + 1}, batch {batch_idx + 1}); training '
            f'stopped before saving the broken weights, and {kept}. Lower '
            'the learning rate, clip gradients (optim_wrapper.clip_grad) or '
            'look for broken samples; resume with --resume.')
