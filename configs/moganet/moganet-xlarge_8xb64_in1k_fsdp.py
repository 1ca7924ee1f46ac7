# MogaNet-XL on ImageNet-1k with sharded data parallelism (FSDP): MMEngine's
# FlexibleRunner shards parameters, gradients and optimizer state over the
# GPUs instead of replicating them. The same two settings turn any config
# into an FSDP one. FSDP needs CUDA GPUs (NCCL):
#   bash tools/dist_train.sh \
#       configs/moganet/moganet-xlarge_8xb64_in1k_fsdp.py 8
_base_ = './moganet-xlarge_8xb64_in1k.py'

runner_type = 'FlexibleRunner'
strategy = dict(
    type='FSDPStrategy',
    model_wrapper=dict(
        # One FSDP unit per ~10M parameters (blocks of the wide stages).
        auto_wrap_policy=dict(
            type='torch.distributed.fsdp.wrap.size_based_auto_wrap_policy',
            min_num_params=int(1e7))))
