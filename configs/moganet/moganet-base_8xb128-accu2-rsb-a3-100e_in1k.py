# MogaNet-Base, ImageNet-1k with the RSB-A3 recipe (as
# moganet-xtiny_8xb256-rsb-a3-100e_in1k.py, drop path 0.2): 100 epochs,
# 160 px training, 224 px evaluation, 8 GPUs x 128 images x 2 accumulated
# steps (2048 per update).
# Source: openmixup moga_base_rsb_a3_sz160_8xb128_accu2_ep100.py and its
# README row "MogaNet-B, RSB A3".
# Published: 43.9M params, 9.93G FLOPs at 224, 82.2 top-1.
_base_ = ['./moganet-small_8xb256-rsb-a3-100e_in1k.py']

model = dict(backbone=dict(arch='base', drop_path_rate=0.2))
train_dataloader = dict(batch_size=128)
optim_wrapper = dict(accumulative_counts=2)
# --auto-scale-lr counts GPUs x images per step, not the accumulated steps:
# the lr above is for 8 x 128 per step (2048 per update).
auto_scale_lr = dict(base_batch_size=1024)
