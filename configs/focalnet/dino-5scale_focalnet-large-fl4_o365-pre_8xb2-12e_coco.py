# DINO (5 scales), FocalNet-L (fl4) backbone, fine-tuned on COCO from the
# release's Objects365-trained detector, 2 images per GPU.
# Sources: FocalNet/FocalNet-DINO, README "Model Zoos" (FocalNet-L, DINO,
# pre-trained data Object365, 63.5 COCO minival mAP without TTA; also the
# microsoft/FocalNet README news of 12/16/2022), and its only FocalNet-L
# fl4 config, config/DINO/DINO_5scale_focalnet_large_fl4.py. The README
# links its weights on projects4jw.blob.core.windows.net, which the
# microsoft/FocalNet README calls deprecated (06/30/2023: the FocalNet-DINO
# checkpoints are on huggingface.co/microsoft). The COCO result (the index
# row's weights) is microsoft/focalnet-large-fl4-dino-o365-cocoft (its
# file listing: one .pth of 2.74 GB); the Objects365 detector this config
# starts from is microsoft/focalnet-large-fl4-dino-o365, the repository
# other public code downloads it from (its listing was not seen here).
#
# Published: 63.5 box AP (COCO val2017, single scale). The recipe of that
# run is not: neither repository has the Objects365 stage (the release's
# datasets/__init__.py imports a datasets/o365.py it does not ship) nor
# says how the COCO fine-tuning differed from the COCO config. So this is
# dino-5scale_focalnet-large-fl4_8xb2-12e_coco.py (that config's recipe:
# 12 epochs, lr x0.1 after epoch 11, 900 queries, 300 detections, 100
# denoising queries with box noise 0.4 and label noise 0.5, the DETR
# multi-scale crop training at 480-800 px, max 1333, as the release's
# coco_transformer.py) started from the Objects365 detector instead of
# the ImageNet-22K backbone. The release also has coco_transformer_hres.py
# (scales 480-1200, max 2000, crops 384-900; added 03/2023, after these
# weights) but no config or note that uses it; it is not used here.
#
# The two checkpoints are in the release's own (DINO) layout: the detector
# under 'model', with backbone.0.* (the FocalNet, under the release's
# parameter names), input_proj.*, transformer.*, label_enc,
# class_embed / bbox_embed, and 91 COCO category-id outputs (mmdet: 80
# classes) or Objects365's classes. mogaseg converts no DINO layout to
# mmdet's DINO, so load_from (and get_model with the index row's weights)
# refuse them (CheckpointMismatchError: under half of the model's tensors
# match) until such a converter exists.
_base_ = ['./dino-5scale_focalnet-large-fl4_8xb2-12e_coco.py']

# the whole detector comes from load_from: no separate backbone weights
model = dict(backbone=dict(init_cfg=None))
load_from = ('https://huggingface.co/microsoft/focalnet-large-fl4-dino-o365/'
             'resolve/main/focalnet_large_fl4_pretrained_on_o365.pth')
