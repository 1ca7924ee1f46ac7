# The classification demo trained sharded (FSDP2) over two processes of 8
# images each, which runs on a CPU-only machine (gloo):
#   bash tools/dist_train.sh \
#       configs/moganet/moganet-xtiny_2xb8_demo-imagenet-64px_fsdp2.py 2
# The same global batch (16) as the one-process demo.
_base_ = './moganet-xtiny_1xb16_demo-imagenet-64px.py'

runner_type = 'FlexibleRunner'
strategy = dict(type='mogaseg.FSDP2Strategy')
train_dataloader = dict(batch_size=8)
