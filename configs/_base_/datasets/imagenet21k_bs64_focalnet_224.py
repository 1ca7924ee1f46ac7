# ImageNet-21K (the full release, 21,841 classes) at 224 px with the
# training augmentation and evaluation of the FocalNet release's
# classification code (Swin Transformer's, as in
# mmpretrain::imagenet_bs64_swin_224.py: random resized crop, flip,
# RandAugment m9 mstd 0.5 increasing, random erasing 0.25; evaluation
# resizes the short side to 256 and centre-crops 224), read by mmpretrain's
# ImageNet21k dataset in its layout:
#   data/imagenet21k/train/<wnid>/*.JPEG
#   data/imagenet21k/meta/train.txt   (lines "<wnid>/<file> <label>")
# Labels are mmpretrain's (class folders in sorted order), not the
# FocalNet release's labelmap_22k_reorder.txt. As in
# imagenet21k_bs128_moganet_224.py: no validation during training
# (ImageNet21k has a train split only), and tools/test.py reads
# meta/val.txt, a held-out list of train/ images that you write.
_base_ = ['mmpretrain::_base_/datasets/imagenet_bs64_swin_224.py']

dataset_type = 'ImageNet21k'
data_root = 'data/imagenet21k'
data_preprocessor = dict(num_classes=21841)

train_dataloader = dict(
    dataset=dict(type=dataset_type, data_root=data_root, split='train'))
val_dataloader = None
val_evaluator = None
test_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='',
        data_prefix='train',
        ann_file='meta/val.txt'))
