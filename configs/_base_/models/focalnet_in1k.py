# FocalNet classifier for ImageNet-1k: gap-linear_in1k.py (global average
# pooling, linear head, label smoothing 0.1, Mixup 0.8 / CutMix 1.0, which is
# also the FocalNet release's recipe, that of Swin Transformer).
_base_ = ['./gap-linear_in1k.py']

model = dict(
    backbone=dict(
        type='mogaseg.FocalNet', arch='tiny-srf', drop_path_rate=0.2),
    head=dict(in_channels=768),
)
