# MogaNet-Base, ImageNet-1k, 300 epochs, 8 GPUs x 128 images, EMA weights.
# Published: 43.9M params, 9.93G FLOPs, 84.3 top-1.
_base_ = ['./moganet-small_8xb128_in1k.py']

model = dict(backbone=dict(arch='base', drop_path_rate=0.2))
