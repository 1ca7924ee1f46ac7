"""Test helper, run by tests/test_engine/test_fsdp2_families.py under
``torchrun --nproc-per-node 2`` (gloo): for a small backbone of every
family, a classifier trained through ``mogaseg.FSDP2Strategy`` with half
the global batch per rank, and runs that switch between FSDP2 and
MMEngine's ``DDPStrategy`` at a checkpoint, against one process trained on
the whole batch. Rank 0 writes the largest differences as JSON to
``argv[1]``.

Every run of a family starts from the same weights and sees the same
batches; there is nothing random (no drop path, BatchNorm on its running
statistics), so what differs is only float summation order.
"""
import copy
import json
import os.path as osp
import sys

import torch
import torch.distributed as dist
from mmengine.optim import OptimWrapper

from mogaseg.analysis import last_output_channels
from mogaseg.models.families import FAMILIES
from mogaseg.registry import MODELS, STRATEGIES

GLOBAL_BATCH = 4
STEPS = 2  # before and after each checkpoint
IMAGE_SIZE = 64


def classifier(family) -> torch.nn.Module:
    from mmpretrain.models import ImageClassifier
    torch.manual_seed(0)
    backbone = dict(family.test_kwargs, type=f'mogaseg.{family.name}',
                    drop_path_rate=0., norm_eval=True)
    width = last_output_channels(MODELS.build(backbone),
                                 (IMAGE_SIZE, IMAGE_SIZE))
    torch.manual_seed(0)
    model = ImageClassifier(
        backbone=backbone,
        data_preprocessor=dict(type='ClsDataPreprocessor',
                               mean=[127.5] * 3, std=[127.5] * 3),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=3, in_channels=width))
    model.init_weights()
    return model


def batches(rank: int, world_size: int, steps: int, first: int):
    """Steps ``first`` .. ``first + steps`` of the global batch stream, the
    rank's share of each."""
    share = GLOBAL_BATCH // world_size
    for step in range(first, first + steps):
        generator = torch.Generator().manual_seed(step)
        images = torch.rand(GLOBAL_BATCH, 3, IMAGE_SIZE, IMAGE_SIZE,
                            generator=generator) * 255
        labels = torch.randint(3, (GLOBAL_BATCH, ), generator=generator)
        part = slice(rank * share, (rank + 1) * share)
        yield images[part], labels[part]


def train(model, optim_wrapper, rank, world_size, first):
    from mmpretrain.structures import DataSample
    model.train()
    for images, labels in batches(rank, world_size, STEPS, first):
        data = dict(inputs=images,
                    data_samples=[DataSample().set_gt_label(int(label))
                                  for label in labels])
        model.train_step(data, optim_wrapper)


# SGD with momentum: the update is linear in the gradient, so the runs
# differ by the gradients' rounding times the step size (AdamW's first steps
# are about lr * sign(gradient), which turns the rounding of gradients near
# zero into differences of lr). Momentum is state that resuming restores.
OPTIMIZER = dict(type='OptimWrapper',
                 optimizer=dict(type='SGD', lr=0.02, momentum=0.9))


def strategy(kind: str, work_dir: str, **options):
    # (DDP on CPU takes no device ids, as tools/train.py configures it)
    wrapper = dict(model_wrapper=dict(type='MMDistributedDataParallel',
                                      device_ids=None,
                                      broadcast_buffers=False)
                   ) if kind == 'DDPStrategy' else {}
    return STRATEGIES.build(
        dict(type=kind, work_dir=work_dir, **wrapper, **options,
             env_kwargs=dict(launcher='pytorch',
                             dist_cfg=dict(backend='gloo'))))


def max_difference(a: dict, b: dict) -> float:
    assert a.keys() == b.keys(), sorted(a.keys() ^ b.keys())[:5]
    return max((a[k].float() - b[k].float()).abs().max().item() for k in a)


def compare(strategy, expected: dict) -> float:
    """The largest difference of the strategy's full weights from
    ``expected``; rank 0 holds the gathered weights (under FSDP2 gathering
    them is a collective of every rank)."""
    state = strategy.model_state_dict()
    if dist.get_rank() != 0:
        return 0.
    # (MMEngine's DDPStrategy names them after its wrapper: module.*)
    state = {k[len('module.'):] if k.startswith('module.') else k: v
             for k, v in state.items()}
    return max_difference(state, expected)


def run_family(family, work_dir, rank, world_size) -> dict:
    start = classifier(family)
    # the reference: one process, the whole batch, 2 * STEPS steps
    single = copy.deepcopy(start)
    optimizer = OptimWrapper(torch.optim.SGD(
        single.parameters(), lr=0.02, momentum=0.9))
    train(single, optimizer, 0, 1, first=0)
    halfway = copy.deepcopy(single.state_dict())
    train(single, optimizer, 0, 1, first=STEPS)
    end = single.state_dict()

    result = {}
    # FSDP2 for STEPS steps, then DDP resumes its checkpoint; and the
    # other way round
    for first_kind, second_kind in (('mogaseg.FSDP2Strategy', 'DDPStrategy'),
                                    ('DDPStrategy', 'mogaseg.FSDP2Strategy')):
        runs = osp.join(work_dir, family.name, first_kind.split('.')[-1])
        first = strategy(first_kind, runs)
        model, optim_wrapper = first.prepare(
            copy.deepcopy(start), optim_wrapper=OPTIMIZER)
        train(model, optim_wrapper, rank, world_size, first=0)
        checkpoint = osp.join(runs, 'halfway.pth')
        first.save_checkpoint(
            checkpoint, extra_ckpt=dict(meta=dict(epoch=0, iter=STEPS)))
        dist.barrier()
        label = first_kind.split('.')[-1]
        result[f'{label} vs one process'] = compare(first, halfway)

        second = strategy(second_kind, runs)
        model, optim_wrapper = second.prepare(
            classifier(family), optim_wrapper=OPTIMIZER)
        second.resume(checkpoint)
        train(model, optim_wrapper, rank, world_size, first=STEPS)
        result[f'{label} then {second_kind.split(".")[-1]} vs one '
               'process'] = compare(second, end)
    result['moved'] = max_difference(end, start.state_dict())

    # mixed precision: blocks compute in bfloat16 (BatchNorm on float32
    # weights), gradients are reduced in float32
    runs = osp.join(work_dir, family.name, 'bfloat16')
    mixed = strategy('mogaseg.FSDP2Strategy', runs, param_dtype='bfloat16',
                     reduce_dtype='float32')
    model, optim_wrapper = mixed.prepare(
        copy.deepcopy(start), optim_wrapper=OPTIMIZER)
    train(model, optim_wrapper, rank, world_size, first=0)
    result['bfloat16 FSDP2Strategy vs one process'] = compare(
        mixed, halfway)
    result['moved halfway'] = max_difference(halfway, start.state_dict())
    return result


def main():
    out, work_dir = sys.argv[1], sys.argv[2]
    dist.init_process_group('gloo')
    rank, world_size = dist.get_rank(), dist.get_world_size()
    torch.set_num_threads(1)
    results = {
        name: run_family(family, work_dir, rank, world_size)
        for name, family in sorted(FAMILIES.items())
    }
    if rank == 0:
        with open(out, 'w') as f:
            json.dump(results, f, indent=1)
    dist.destroy_process_group()


if __name__ == '__main__':
    main()
