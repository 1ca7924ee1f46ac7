# MogaNet-XLarge pre-trained on ImageNet-21K (21,841 classes), 90 epochs,
# 64 GPUs x 64 images (4096), the first stage of the published MogaNet-XL
# 87.8 top-1 row (moganet-xlarge_in21k-pre_64xb8_in1k-384px.py fine-tunes
# the result). Nothing of this stage itself is published: no result, no
# weights.
# Sources: the 87.8 / 181M row is the paper's (arXiv 2211.03295, abstract
# and ImageNet-21K table); the Westlake-AI/MogaNet README has no 21K row and
# its TRAINING.md defers "ImageNet-21K training" to openmixup, whose configs
# have no MogaNet 21K recipe. The paper's appendix was not readable here, so
# the recipe is ConvNeXt's ImageNet-22K one (facebookresearch/ConvNeXt
# TRAINING.md, ConvNeXt-XL: AdamW lr 4e-3 for 4096 images, weight decay
# 0.05, 5 warm-up epochs, cosine, 90 epochs, drop path 0.2, RandAugment m9,
# random erasing 0.25, Mixup 0.8 / CutMix 1.0, label smoothing 0.1, no EMA,
# no evaluation), with MogaNet's layer-scale init (1e-5, not ConvNeXt's
# 1e-6). Replace it with the paper's if you have it.
_base_ = [
    '../_base_/models/moganet_in1k.py',
    '../_base_/datasets/imagenet21k_bs128_moganet_224.py',
    '../_base_/schedules/imagenet21k_bs4096_adamw_90e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='xlarge', drop_path_rate=0.2),
    head=dict(num_classes=21841, in_channels=960),
)
train_dataloader = dict(batch_size=64)
# no validation, so no best checkpoint
default_hooks = dict(checkpoint=dict(save_best=None))
