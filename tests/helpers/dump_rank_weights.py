"""Test helper, imported by configs through ``custom_imports``: every rank
saves its model's weights at the end of the run, so that a test can compare
the ranks of a distributed run."""
import os.path as osp

import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS


@HOOKS.register_module()
class DumpRankWeightsHook(Hook):

    def after_run(self, runner) -> None:
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        torch.save(model.state_dict(),
                   osp.join(runner.work_dir, f'rank{get_rank()}.pth'))
