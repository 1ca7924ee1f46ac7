# MOAT-4 (483M params) fine-tuned on ImageNet-1k at 512 px with sharded
# data parallelism: torch's FSDP2 (mogaseg.FSDP2Strategy) shards every
# MBConv and MOAT block's parameters, gradients and optimizer state over
# the ranks. Checkpoints hold the full weights (tools/test.py and get_model
# load them; runs resume at another world size).
_base_ = './moat-4_in22k-pre_in1k-512px.py'

runner_type = 'FlexibleRunner'
strategy = dict(type='mogaseg.FSDP2Strategy')
