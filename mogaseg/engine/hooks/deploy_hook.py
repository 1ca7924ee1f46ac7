"""Evaluate a checkpoint in its inference form (``tools/test.py
--deploy``)."""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mogaseg.models import switch_to_deploy
from mogaseg.registry import HOOKS


@HOOKS.register_module()
class DeployHook(Hook):
    """Fold BatchNorms and layer scales into convolutions
    (:func:`mogaseg.models.switch_to_deploy`) before testing: after the
    checkpoint is loaded, before the first batch. The metrics match the
    unfolded model's; the folded one runs faster."""
    priority = 'VERY_HIGH'

    def before_test(self, runner) -> None:
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        model.eval()
        switched = switch_to_deploy(model)
        runner.logger.info(f'deploy: {switched} modules folded for '
                           'inference')
