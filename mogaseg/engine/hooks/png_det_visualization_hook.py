import os.path as osp
from typing import Sequence

import mmcv
from mmdet.engine.hooks import DetVisualizationHook
from mmengine.fileio import get
from mmengine.utils import mkdir_or_exist

from mogaseg.registry import HOOKS


@HOOKS.register_module()
class PNGDetVisualizationHook(DetVisualizationHook):
    """mmdet's ``DetVisualizationHook`` that writes the drawn test
    predictions as lossless PNG files (``<image name>.png``) rather than in
    the input's format, and into ``test_out_dir`` as given (an absolute
    path stays as it is; a relative one is under the run's work dir)."""

    def after_test_iter(self, runner, batch_idx: int, data_batch: dict,
                        outputs: Sequence) -> None:
        if self.draw is False:
            return
        out_dir = None
        if self.test_out_dir is not None:
            out_dir = osp.join(runner.work_dir, runner.timestamp,
                               self.test_out_dir)
            mkdir_or_exist(out_dir)
        for data_sample in outputs:
            self._test_index += 1
            img_path = data_sample.img_path
            img = mmcv.imfrombytes(
                get(img_path, backend_args=self.backend_args),
                channel_order='rgb')
            name = osp.splitext(osp.basename(img_path))[0] + '.png'
            self._visualizer.add_datasample(
                name if self.show else 'test_img',
                img,
                data_sample=data_sample,
                show=self.show,
                wait_time=self.wait_time,
                pred_score_thr=self.score_thr,
                out_file=osp.join(out_dir, name) if out_dir else None,
                step=self._test_index)
