# MogaNet classifier for ImageNet-1k (gap-linear_in1k.py: global average
# pooling, linear head, label smoothing 0.1, Mixup 0.8 / CutMix 1.0, the
# recipe's defaults; the XTiny and Tiny configs lower Mixup to 0.1).
_base_ = ['./gap-linear_in1k.py']

model = dict(
    backbone=dict(type='mogaseg.MogaNet', arch='tiny', drop_path_rate=0.1))
