"""Build the model of any task's config, outside the Runner."""
import contextlib
import copy
import logging
from typing import Iterator, Optional, Union

import torch.nn as nn
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.registry import DefaultScope

from mogaseg.utils import register_all_modules
from mogaseg.utils.package_configs import (drop_package_scope,
                                           load_config_file)
from .scopes import task_registry


class _InitReportToDebug(logging.Filter):
    """Lower MMEngine's per-parameter initialisation report (one INFO record
    per parameter, thousands for a detector, when the logger has no log
    file) to DEBUG, so that it stays out of a terminal at the INFO level."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO and \
                record.funcName == '_dump_init_info':
            record.levelno, record.levelname = logging.DEBUG, 'DEBUG'
        return True


@contextlib.contextmanager
def init_report_at_debug() -> Iterator[None]:
    """Within this context, MMEngine's ``init_weights`` report goes to the
    current logger at DEBUG. A Runner's logger writes it to its log file as
    before."""
    logger = MMLogger.get_current_instance()
    report_filter = _InitReportToDebug()
    logger.addFilter(report_filter)
    try:
        yield
    finally:
        logger.removeFilter(report_filter)


def build_model_from_config(config: Union[str, Config],
                            pretrained: bool = False,
                            cfg_options: Optional[dict] = None,
                            init_weights: bool = True) -> nn.Module:
    """Build and initialise ``config.model`` in the config's task scope.

    Args:
        config (str | Config): A config file or a loaded config; its
            ``default_scope`` ('mmpretrain', 'mmdet', 'mmseg' or 'mmpose')
            picks the task.
        pretrained (bool): Keep the backbone's ``init_cfg`` (which may
            download a checkpoint). Defaults to False: the backbone keeps
            its own initialisation, enough to analyse or test the model.
        cfg_options (dict, optional): Overrides merged into the config
            first, as ``--cfg-options`` does.
        init_weights (bool): Run the model's ``init_weights``. Skip it when
            a checkpoint will overwrite every weight anyway.

    Returns:
        nn.Module: The model, with its data preprocessor, in train mode.
    """
    register_all_modules(init_default_scope=False)
    cfg = load_config_file(config) if isinstance(config, str) else \
        drop_package_scope(copy.deepcopy(config))
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    scope = cfg.get('default_scope')
    registry = task_registry(scope, 'MODELS')
    model_cfg = cfg.model
    if not pretrained and 'backbone' in model_cfg:
        model_cfg.backbone.init_cfg = None
    # The Runner moves a top-level data_preprocessor into the model.
    if 'data_preprocessor' not in model_cfg and cfg.get('data_preprocessor'):
        model_cfg.data_preprocessor = cfg.data_preprocessor
    with DefaultScope.overwrite_default_scope(scope):
        model = registry.build(model_cfg)
    if init_weights:
        with init_report_at_debug():
            model.init_weights()
    model.default_scope = scope
    return model
