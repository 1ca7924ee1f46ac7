# DeepLab v3+ (mmseg's DepthwiseSeparableASPPHead, with an FCN auxiliary
# head on the third stage), tiny-MOAT-0 backbone, ADE20K, 512x512 crops,
# 160k iterations, 16 images per step, from the released tiny-MOAT-0
# ImageNet weights: the segmenter of the MOAT paper (arXiv:2210.01820),
# which benchmarks the tiny-MOAT family on ADE20K too.
# Published: the paper's ADE20K table was not readable here, so no number
# is quoted for this size; its abstract gives 57.6 mIoU for MOAT-4 (see
# deeplabv3plus_moat-4_4xb4-160k_ade20k-641x641.py). Where the paper's
# settings were not readable this config says what it chose: the ASPP runs
# on the stride-32 output of the last stage, which MOAT does not dilate, at
# rates 1/6/12/18 (DeepLab v3's for output stride 16; mmseg's 12/24/36 are
# for stride 8), with the stride-4 first stage as the decoder's skip; the
# optimisation is the project's UPerNet recipe (AdamW, lr 1e-4, weight
# decay 0.01, poly decay). Windows 16 / 8 for stages 3 and
# 4, shortcut pooling 3x3 and GELU on the outputs, as in
# upernet_tiny-moat-0_4xb4-160k_ade20k-512x512.py.
_base_ = [
    '../_base_/models/deeplabv3plus.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_160k.py',
    '../_base_/seg_runtime.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense')

crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)

model = dict(
    data_preprocessor=data_preprocessor,
    backbone=dict(__moat.backbone, window_size=(None, None, 16, 8)),
    decode_head=dict(in_channels=256, c1_in_channels=32),
    auxiliary_head=dict(in_channels=128),
)
optim_wrapper = dict(paramwise_cfg=__moat.paramwise_cfg)
train_dataloader = dict(batch_size=4)
