"""What FSDP2Strategy shards, and its reading of other runs' optimizer
states."""
import pytest
import torch
import torch.nn as nn

from mogaseg.engine.strategies import shard_units
from mogaseg.engine.strategies.fsdp2 import _by_name
from mogaseg.models.families import FAMILIES


@pytest.mark.parametrize('family', sorted(FAMILIES))
def test_every_block_of_each_backbone_is_a_unit(family):
    record = FAMILIES[family]
    assert record.blocks, f'{family} names no blocks to shard'
    backbone = record.backbone(**record.test_kwargs)
    units = shard_units(backbone)
    blocks = [m for m in backbone.modules() if isinstance(m, record.blocks)]
    assert units and units == [
        b for b in blocks
        if not any(b is not o and b in list(o.modules()) for o in blocks)
    ]


def test_a_video_models_translator_blocks_are_units():
    from mogaseg.models import SimVP
    model = SimVP((4, 1, 16, 16), spatial_channels=8, translator_channels=16,
                  num_translator_blocks=3)
    assert shard_units(model) == [
        layer.block for layer in model.translator.layers
    ]


def test_a_positional_optimizer_state_is_keyed_by_name():
    model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    model[0].bias.requires_grad_(False)  # not in the optimizer
    optimizer = torch.optim.Adam(
        [p for p in model.parameters() if p.requires_grad])
    model(torch.rand(4, 2)).sum().backward()
    optimizer.step()
    state = _by_name(optimizer.state_dict(), model)
    assert state['param_groups'][0]['params'] == [
        '0.weight', '1.weight', '1.bias'
    ]
    assert torch.equal(state['state']['1.weight']['exp_avg'],
                       optimizer.state[model[1].weight]['exp_avg'])
    assert _by_name(state, model) is state  # already by name


@pytest.fixture
def one_process_strategy(tmp_path):
    from mogaseg.engine.strategies import FSDP2Strategy
    strategy = FSDP2Strategy(work_dir=str(tmp_path),
                             env_kwargs=dict(launcher='none'))
    strategy.model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    return strategy


def test_a_ddp_checkpoints_module_prefix_is_revised(one_process_strategy):
    source = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    ddp_named = {f'module.{k}': v for k, v in source.state_dict().items()}
    one_process_strategy.load_model_state_dict(ddp_named, strict=True)
    for name, tensor in one_process_strategy.model.state_dict().items():
        assert torch.equal(tensor, source.state_dict()[name]), name


@pytest.fixture
def logged_warnings():
    """The warnings MMEngine's current logger records meanwhile."""
    import logging

    from mmengine.logging import MMLogger

    class Records(logging.Handler):

        def __init__(self):
            super().__init__(logging.WARNING)
            self.messages = []

        def emit(self, record):
            self.messages.append(record.getMessage())

    handler = Records()
    logger = MMLogger.get_current_instance()
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


def test_mismatched_weights_warn_or_raise(one_process_strategy,
                                          logged_warnings):
    from mogaseg.errors import CheckpointMismatchError
    model = one_process_strategy.model
    partial = {'0.weight': torch.ones(3, 2), 'extra.weight': torch.ones(1)}
    with pytest.raises(CheckpointMismatchError, match='lacks'):
        one_process_strategy.load_model_state_dict(partial, strict=True)
    assert not torch.equal(model[0].weight, torch.ones(3, 2))

    one_process_strategy.load_model_state_dict(partial)
    assert torch.equal(model[0].weight, torch.ones(3, 2))  # what fits loads
    assert any("lacks 3 weights of the model (e.g. ['0.bias'" in m and
               "1 that the model lacks (e.g. ['extra.weight'])" in m
               for m in logged_warnings), logged_warnings


def test_one_process_says_mixed_precision_does_nothing(tmp_path,
                                                       logged_warnings):
    from mogaseg.engine.strategies import FSDP2Strategy
    strategy = FSDP2Strategy(work_dir=str(tmp_path), param_dtype='bfloat16',
                             env_kwargs=dict(launcher='none'))
    model = strategy.prepare(nn.Linear(2, 2))
    assert model.weight.dtype == torch.float32
    assert any('shards nothing' in m and 'param_dtype' in m
               for m in logged_warnings), logged_warnings


def test_cpu_offload_without_a_gpu_is_a_config_error(tmp_path):
    from mogaseg.engine.strategies import FSDP2Strategy
    from mogaseg.errors import ConfigError
    strategy = FSDP2Strategy(work_dir=str(tmp_path), cpu_offload=True,
                             env_kwargs=dict(launcher='none'))
    if torch.cuda.is_available():
        pytest.skip('this machine has a GPU to offload from')
    with pytest.raises(ConfigError, match='has no GPU'):
        strategy.prepare(nn.Linear(2, 2))
