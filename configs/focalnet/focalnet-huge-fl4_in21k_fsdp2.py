# FocalNet-H (748M params) pre-trained on ImageNet-21K with sharded data
# parallelism: torch's FSDP2 (mogaseg.FSDP2Strategy) shards every focal
# modulation block's parameters, gradients and optimizer state over the
# ranks. Checkpoints hold the full weights (tools/test.py and get_model
# load them; runs resume at another world size).
_base_ = './focalnet-huge-fl4_in21k.py'

runner_type = 'FlexibleRunner'
strategy = dict(type='mogaseg.FSDP2Strategy')
