# MogaNet-XL on ImageNet-1k with sharded data parallelism: MMEngine's
# FlexibleRunner and torch's FSDP2 (mogaseg.FSDP2Strategy) shard every
# MogaNet block's parameters, gradients and optimizer state over the ranks
# instead of replicating them. The same two settings turn any config into a
# sharded one; it runs on GPUs (NCCL) and on CPUs (gloo):
#   bash tools/dist_train.sh \
#       configs/moganet/moganet-xlarge_8xb64_in1k_fsdp.py 8
# Checkpoints hold the full weights: tools/test.py and get_model load them
# as they load the unsharded run's, and a run resumes at another world size.
_base_ = './moganet-xlarge_8xb64_in1k.py'

runner_type = 'FlexibleRunner'
strategy = dict(type='mogaseg.FSDP2Strategy')
