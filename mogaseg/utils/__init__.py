"""Process set-up: :func:`register_all_modules`, the one explicit step that
registers mogaseg with MMEngine and the task libraries."""
from .setup_env import register_all_modules

__all__ = ['register_all_modules']
