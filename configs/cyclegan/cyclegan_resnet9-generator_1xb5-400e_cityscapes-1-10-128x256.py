# CycleGAN, Cityscapes 10 % (1-10: 298 of the 2975 fine train images
# labelled, 2677 unlabelled), the reference's paper-era setting
# (reference/wseg_cyclegan.md B): the VOC config's networks and losses,
# 19 classes, 128x256 images, 5 labelled + 5 unlabelled per batch. An
# epoch of the reference's loader is 2677 // 5 = 535 iterations; 400
# epochs, the lr constant for the first 100 and then linear to 0.
# Validation and a checkpoint every 10 epochs. Split lists:
#   python tools/misc/split_dataset.py cityscapes data/cityscapes \
#       --fraction 0.1 --seed 0
_base_ = [
    '../_base_/models/cyclegan_resnet9-generator.py',
    '../_base_/datasets/cyclegan_cityscapes.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_cyclegan.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

iters_per_epoch = 535
max_iters = 400 * iters_per_epoch
model = dict(
    segmentor=dict(
        data_preprocessor=dict(size=(128, 256)),
        decode_head=dict(num_classes=19)))
train_dataloader = dict(dataset=dict(split='1-10'))
train_cfg = dict(max_iters=max_iters, val_interval=10 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=10 * iters_per_epoch, max_keep_ckpts=2))
