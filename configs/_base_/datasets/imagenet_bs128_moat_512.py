# ImageNet-1k at 512 px for the MOAT releases fine-tuned from ImageNet-22K:
# as imagenet_bs128_moat_384.py (mean = std = 127.5), with 512 px crops;
# evaluation resizes the short side to 569 (crop_pct 0.9, the release's crop
# is unknown) and centre-crops 512.
_base_ = ['./imagenet_bs128_moat_384.py']

train_pipeline = _base_.train_pipeline
train_pipeline[1].scale = 512  # RandomResizedCrop
test_pipeline = _base_.test_pipeline
test_pipeline[1].scale = 569  # ResizeEdge
test_pipeline[2].crop_size = 512  # CenterCrop
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
