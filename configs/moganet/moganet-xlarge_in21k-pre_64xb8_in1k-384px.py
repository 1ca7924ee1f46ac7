# MogaNet-XLarge, ImageNet-21K pre-trained (moganet-xlarge_64xb64_in21k.py)
# and fine-tuned on ImageNet-1k at 384 px, 30 epochs, 64 GPUs x 8 images
# (512), EMA weights.
# Source: the paper (arXiv 2211.03295: abstract and ImageNet-21K table).
# Published: 181M params, 87.8 top-1 at 384. No weights are released.
# The Westlake-AI/MogaNet README and openmixup have no 21K / 384 config and
# the paper's appendix was not readable here, so the fine-tuning recipe is
# ConvNeXt's for ConvNeXt-XL 22K -> 1K at 384 (facebookresearch/ConvNeXt
# TRAINING.md): AdamW lr 5e-5 for 512 images, weight decay 1e-8, no warm-up,
# cosine to 1e-6, layer-wise lr decay 0.8 (over the release's 12 MogaNet
# layer groups), drop path 0.4, RandAugment m9 and random erasing 0.25,
# label smoothing 0.1, no Mixup / CutMix, head initialised with std 0.02 x
# 0.001 (head_init_scale), EMA 0.9999 used for evaluation. Evaluation
# centre-crops 384 from a short side of 426 (crop_pct 0.9, as MogaNet's
# evaluations); ConvNeXt resizes to 384 x 384 without cropping.
# Start from the 21K run's backbone (its 21841-class head is not used), e.g.
#   --cfg-options model.backbone.init_cfg.type=Pretrained \
#     model.backbone.init_cfg.prefix=backbone. \
#     model.backbone.init_cfg.checkpoint=work_dirs/moganet-xlarge_64xb64_in21k/epoch_90.pth
_base_ = [
    '../_base_/models/moganet_in1k.py',
    '../_base_/datasets/imagenet_bs128_moganet_384.py',
    '../_base_/schedules/imagenet_bs1024_adamw_300e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='xlarge', drop_path_rate=0.4),
    head=dict(
        in_channels=960,
        init_cfg=dict(type='TruncNormal', layer='Linear', std=2e-5, bias=0.)),
    train_cfg=None,  # no Mixup / CutMix
)
train_dataloader = dict(batch_size=8)
val_dataloader = dict(batch_size=32)
test_dataloader = val_dataloader

optim_wrapper = dict(
    constructor='LearningRateDecayOptimWrapperConstructor',
    optimizer=dict(lr=5e-5, weight_decay=1e-8),
    paramwise_cfg=dict(layer_decay_rate=0.8))
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        T_max=30,
        eta_min=1e-6,
        by_epoch=True,
        begin=0,
        end=30,
        convert_to_iter_based=True),
]
train_cfg = dict(max_epochs=30)
auto_scale_lr = dict(base_batch_size=512)
# EMA with decay 0.9999 per iteration; validation uses the EMA weights.
custom_hooks = [dict(type='EMAHook', momentum=1e-4, priority='ABOVE_NORMAL')]
