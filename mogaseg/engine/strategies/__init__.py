from .fsdp2 import FSDP2Strategy, shard_units

__all__ = ['FSDP2Strategy', 'shard_units']
