"""Every backbone family in every task, built from the shipped configs.

For each family x {classification, detection, segmentation} the smallest
shipped config is built as it is (only the pretrained checkpoint is dropped
and the input kept small), then one optimiser step and one predict step
run through the model's ``train_step`` / ``val_step``, as the Runner calls
them.
"""
import glob

import pytest
import torch
from mmengine.config import Config
from mmengine.optim import OptimWrapper

from mogaseg.apis import build_model_from_config
from mogaseg.models.families import FAMILIES

FAMILY_ARCHS = {
    'moganet': 'moganet-xtiny',
    'van': 'van-b0',
    'focalnet': 'focalnet-tiny-srf',
    'moat': 'tiny-moat-0',
}
TASK_PATTERNS = {
    'cls': '{arch}_8xb128_in1k.py',
    'det': 'mask-rcnn_{arch}_fpn_1x_coco.py',
    'seg': 'upernet_{arch}_4xb4-160k_ade20k-512x512.py',
}


def test_every_registered_family_is_in_the_matrix():
    # the smallest size of each family, whose configs name it
    assert set(FAMILY_ARCHS) == {name.lower() for name in FAMILIES}


def shipped_config(family: str, task: str) -> str:
    pattern = TASK_PATTERNS[task].format(arch=FAMILY_ARCHS[family])
    paths = sorted(glob.glob(f'configs/{family}/{pattern}'))
    assert len(paths) == 1, f'{family}/{pattern}: {paths}'
    return paths[0]


def build_model(path: str):
    cfg = Config.fromfile(path)
    if cfg.default_scope == 'mmseg':
        cfg.model.data_preprocessor.size = (64, 64)  # not the 512 crop
    return build_model_from_config(cfg)  # without the pretrained weights


def cls_batch(num_classes=1000):
    from mmpretrain.structures import DataSample
    inputs = [torch.randint(0, 256, (3, 64, 64), dtype=torch.uint8)
              for _ in range(2)]
    samples = [DataSample().set_gt_label(label) for label in (3, num_classes
                                                               - 1)]
    return dict(inputs=inputs, data_samples=samples)


def det_batch():
    from mmdet.testing import demo_mm_inputs
    return demo_mm_inputs(
        batch_size=2,
        image_shapes=[(3, 96, 128), (3, 128, 96)],
        num_items=[3, 2],
        num_classes=80,
        with_mask=True)


def seg_batch(num_classes=150):
    from mmengine.structures import PixelData
    from mmseg.structures import SegDataSample
    inputs, samples = [], []
    for _ in range(2):
        inputs.append(torch.randint(0, 256, (3, 64, 64), dtype=torch.uint8))
        sample = SegDataSample(metainfo=dict(
            img_shape=(64, 64), ori_shape=(64, 64), pad_shape=(64, 64)))
        sample.gt_sem_seg = PixelData(
            data=torch.randint(0, num_classes, (1, 64, 64)))
        samples.append(sample)
    return dict(inputs=inputs, data_samples=samples)


class RecordingSGD(torch.optim.SGD):
    """SGD that remembers which parameters had a gradient at its step (the
    optimiser wrapper clears the gradients right after)."""

    def step(self, closure=None):
        self.stepped = {
            id(p)
            for group in self.param_groups for p in group['params']
            if p.grad is not None
        }
        return super().step(closure)


BATCHES = {'cls': cls_batch, 'det': det_batch, 'seg': seg_batch}


def check_predictions(task, results):
    assert len(results) == 2
    for result in results:
        if task == 'cls':
            assert result.pred_score.shape == (1000, )
            assert torch.allclose(result.pred_score.sum(), torch.tensor(1.))
        elif task == 'det':
            pred = result.pred_instances
            assert pred.bboxes.shape[1] == 4
            assert len(pred.masks) == len(pred.scores) == len(pred.bboxes)
        else:
            assert tuple(result.pred_sem_seg.data.shape) == (1, 64, 64)


@pytest.mark.parametrize('task', sorted(TASK_PATTERNS))
@pytest.mark.parametrize('family', sorted(FAMILY_ARCHS))
def test_train_step_and_predict(family, task):
    torch.manual_seed(0)
    model = build_model(shipped_config(family, task))
    backbone_before = {
        name: p.detach().clone()
        for name, p in model.backbone.named_parameters()
    }
    optimizer = RecordingSGD(model.parameters(), lr=0.01)

    model.train()
    log_vars = model.train_step(BATCHES[task](), OptimWrapper(optimizer))
    assert torch.isfinite(log_vars['loss']) and log_vars['loss'] > 0
    # Every backbone weight got a gradient, and the step moved weights.
    no_grad = [
        name for name, p in model.backbone.named_parameters()
        if id(p) not in optimizer.stepped
    ]
    assert not no_grad, no_grad[:10]
    assert any(not torch.equal(p.detach(), backbone_before[name])
               for name, p in model.backbone.named_parameters())

    model.eval()
    with torch.no_grad():
        results = model.val_step(BATCHES[task]())
    check_predictions(task, results)


# One shipped config per head type of the published zoo beyond the matrix
# above, with its expected predictions: (config, task, classes).
HEAD_TYPES = {
    'ATSS': ('focalnet/atss_focalnet-tiny-lrf_fpn_ms-crop-3x_coco.py',
             'det', 80),
    'Sparse R-CNN': ('focalnet/sparse-rcnn_focalnet-tiny-lrf_fpn_'
                     '300-proposals_ms-crop-3x_coco.py', 'det', 80),
    'DINO': ('focalnet/dino-5scale_focalnet-large-fl4_8xb2-12e_coco.py',
             'det', 80),
    'Cascade Mask R-CNN': (
        'moat/cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py', 'det',
        80),
    'DeepLab v3+': (
        'moat/deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py', 'seg',
        150),
    'Semantic FPN': ('van/fpn_van-b0_8xb4-40k_ade20k-512x512.py', 'seg',
                     150),
    'isotropic classifier': ('focalnet/focalnet-tiny-iso_8xb128_in1k.py',
                             'cls', 1000),
    'RSB-A3 (BCE)': ('moganet/moganet-xtiny_8xb256-rsb-a3-100e_in1k.py',
                     'cls', 1000),
    'ImageNet-21K head': ('moganet/moganet-xlarge_64xb64_in21k.py', 'cls',
                          21841),
}


@pytest.mark.parametrize('head', sorted(HEAD_TYPES))
def test_published_head_types_train_and_predict(head):
    """One optimiser step and one predict step of each head type, on its
    shipped config with the backbone cut to one block per stage."""
    from helpers.one_block_per_stage import load_with_one_block_per_stage
    path, task, num_classes = HEAD_TYPES[head]
    torch.manual_seed(0)
    cfg = load_with_one_block_per_stage(f'configs/{path}')
    if task == 'seg':
        cfg.model.data_preprocessor.size = (64, 64)  # not the 512 crop
    model = build_model_from_config(cfg)  # without the pretrained weights
    batch = {'cls': lambda: cls_batch(num_classes), 'det': det_batch,
             'seg': lambda: seg_batch(num_classes)}[task]
    optimizer = RecordingSGD(model.parameters(), lr=0.01)
    model.train()
    log_vars = model.train_step(batch(), OptimWrapper(optimizer))
    assert torch.isfinite(log_vars['loss']) and log_vars['loss'] > 0
    assert any(id(p) in optimizer.stepped
               for p in model.backbone.parameters())

    model.eval()
    with torch.no_grad():
        results = model.val_step(batch())
    assert len(results) == 2
    for result in results:
        if task == 'cls':
            assert result.pred_score.shape == (num_classes, )
        elif task == 'det':
            pred = result.pred_instances
            assert pred.bboxes.shape[1] == 4
            assert len(pred.scores) == len(pred.bboxes)
            assert all(0 <= label < num_classes for label in pred.labels)
        else:
            assert tuple(result.pred_sem_seg.data.shape) == (1, 64, 64)


def test_readme_backbone_swap_example(tmp_path, repo_root):
    """The README's example config (a MogaNet Mask R-CNN with FocalNet
    swapped in) builds and trains as it is written there."""
    import os.path as osp
    import re
    readme = open(osp.join(repo_root, 'README.md')).read()
    example = re.search(r'```python\n(_base_ = .*?)```', readme, re.S)
    assert example, 'no config example in the README'
    text = example.group(1).replace(
        "'../", repr(osp.join(repo_root, 'configs', ''))[:-1])
    path = tmp_path / 'swap.py'
    path.write_text(text)
    model = build_model_from_config(str(path))
    assert type(model.backbone).__name__ == 'FocalNet'
    model.train()
    optimizer = RecordingSGD(model.parameters(), lr=0.01)
    log_vars = model.train_step(det_batch(), OptimWrapper(optimizer))
    assert torch.isfinite(log_vars['loss'])
