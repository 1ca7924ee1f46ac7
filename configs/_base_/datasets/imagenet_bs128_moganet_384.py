# ImageNet-1k at 384 px (fine-tuning): as imagenet_bs128_moganet_224.py
# (RandAugment m9, mstd 0.5, random erasing 0.25) with 384 px crops.
# Evaluation resizes the short side to 426 (384 / 0.9, the crop_pct 0.9 of
# every MogaNet evaluation command) and centre-crops 384.
_base_ = ['./imagenet_bs128_moganet_224.py']

train_pipeline = _base_.train_pipeline
train_pipeline[1].scale = 384  # RandomResizedCrop
test_pipeline = _base_.test_pipeline
test_pipeline[1].scale = 426  # ResizeEdge
test_pipeline[2].crop_size = 384  # CenterCrop
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
