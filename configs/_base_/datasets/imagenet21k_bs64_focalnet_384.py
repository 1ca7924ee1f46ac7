# ImageNet-21K (21,841 classes) at 384 px: the augmentation and evaluation
# of imagenet_bs64_focalnet_384.py, the dataset and layout of
# imagenet21k_bs64_focalnet_224.py (mmpretrain's ImageNet21k, train split
# only, no validation during training; tools/test.py reads a held-out
# meta/val.txt that you write).
_base_ = ['./imagenet_bs64_focalnet_384.py']

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
