"""Test only a model whose weights all loaded (``tools/test.py``)."""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mogaseg.checkpoint.loading import drop_wrapper_prefix, model_fit
from mogaseg.registry import HOOKS


@HOOKS.register_module()
class CheckpointFitHook(Hook):
    """Stop before testing if the checkpoint does not hold every weight of
    the model (names and shapes), with one paragraph saying which side has
    what; metrics of a partly initialised model would mean nothing.

    It runs on the checkpoint MMEngine loaded (any release's layout is
    already converted), before the weights go into the model.

    Args:
        checkpoint (str): The file or URL, as the error names it.
    """
    priority = 'VERY_HIGH'

    def __init__(self, checkpoint: str = 'the checkpoint'):
        self.checkpoint = checkpoint

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        state_dict = drop_wrapper_prefix(
            checkpoint.get('state_dict', checkpoint))
        # model_fit may cut a release's head to the model's classes, in
        # the checkpoint that MMEngine loads next.
        fit = model_fit(
            model, state_dict, self.checkpoint, require_complete=True)
        runner.logger.info(f'checkpoint: {len(fit.loaded)}/{fit.total} '
                           f'tensors of {type(model).__name__} found')
