# ImageNet-1k at 384 px for the MOAT releases fine-tuned from ImageNet-22K:
# as imagenet_bs128_moganet_384.py (RandAugment m9, random erasing 0.25, 384
# px crops) with their input normalization (option 2 of deeplab2's
# checkpoint table: mean = std = 127.5). Evaluation resizes the short side to
# 427 and centre-crops 384 (crop_pct 0.9, as the other MOAT configs):
# deeplab2 has no ImageNet evaluation code, so the release's crop is unknown.
_base_ = ['./imagenet_bs128_moganet_384.py']

data_preprocessor = dict(mean=[127.5] * 3, std=[127.5] * 3)
bgr_mean = data_preprocessor['mean']
bgr_std = data_preprocessor['std']
train_pipeline = _base_.train_pipeline
train_pipeline[3].hparams.pad_val = [128, 128, 128]  # RandAugment
train_pipeline[4].update(fill_color=bgr_mean, fill_std=bgr_std)  # erasing
test_pipeline = _base_.test_pipeline
test_pipeline[1].scale = 427  # ResizeEdge
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
