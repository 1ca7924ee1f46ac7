# ImageNet-1k at 256 px, the training and test resolution of the release's
# sz256 models (and of tiny-MOAT): as imagenet_bs128_moganet_224.py
# (RandAugment m9, random erasing 0.25), with 256 px crops; evaluation
# resizes the short side to 284 (crop_pct 0.9) and centre-crops 256.
_base_ = ['./imagenet_bs128_moganet_224.py']

train_pipeline = _base_.train_pipeline
train_pipeline[1].scale = 256  # RandomResizedCrop
test_pipeline = _base_.test_pipeline
test_pipeline[1].scale = 284  # ResizeEdge
test_pipeline[2].crop_size = 256  # CenterCrop
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
