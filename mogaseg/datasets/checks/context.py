"""The dataset under check: its config and class, the scope and model it is
trained with, and (for the checks that need it) the dataset itself, built
without its pipeline."""
import os.path as osp
from typing import NamedTuple, Optional

from mmengine.registry import DefaultScope

from mogaseg.errors import DataError


class DatasetContext(NamedTuple):
    where: str  # 'train_dataloader (CocoDataset)', for the messages
    cfg: dict  # the dataset's config (without 'strict')
    dataset_cls: type
    scope: str  # the config's default_scope: 'mmdet', 'mmseg' ...
    model: Optional[dict] = None  # the model's config, for its head
    training: bool = True  # the training loader's, not validation's

    @property
    def filtered(self) -> bool:
        """Whether the task library filters the dataset as training data
        (mmdet drops images without annotations only then)."""
        return not self.cfg.get('test_mode', False)

    def path(self, relative: str) -> str:
        """A path of the config, under the dataset's ``data_root`` as the
        task libraries join them."""
        root = self.cfg.get('data_root') or ''
        return relative if osp.isabs(relative) or not root else osp.join(
            root, relative)

    def build_listing(self):
        """The dataset as the task library builds it, with an empty
        pipeline: its samples' files and labels, nothing read yet.

        Raises:
            DataError: The task library cannot list the data (mmpretrain's
                class folders do not match its classes, no image found...).
        """
        kwargs = {key: value for key, value in self.cfg.items()
                  if key not in ('type', '_scope_')}
        # no serialisation: it fails on an empty list and only saves
        # memory in DataLoader workers, which the check does not start
        kwargs.update(pipeline=[], lazy_init=False, serialize_data=False)
        try:
            with DefaultScope.overwrite_default_scope(self.scope):
                return self.dataset_cls(**kwargs)
        except (AssertionError, FileNotFoundError, RuntimeError) as error:
            raise DataError(
                f'{self.where}: {self.dataset_cls.__name__} cannot list the '
                f'data: {error}') from error
