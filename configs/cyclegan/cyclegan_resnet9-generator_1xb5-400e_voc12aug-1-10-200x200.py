# CycleGAN, VOC-aug 10 % (1-10: 1058 of the 10582 train-aug images
# labelled, 9524 unlabelled), the reference's paper-era setting
# (reference/wseg_cyclegan.md B): 9-block ResNet generators, pixel
# discriminators, 200x200 images, 5 labelled + 5 unlabelled per batch,
# Adam 2e-4 (0.5, 0.999). 400 epochs of the reference's loader, which
# repeats the smaller set up to the larger one's length: 9524 // 5 = 1904
# iterations an epoch, 761600 in all; the lr is constant for 100 epochs
# and then falls linearly to 0 (per iteration here, per epoch there).
# Validation and a checkpoint every 10 epochs. Split lists:
#   python tools/misc/split_dataset.py voc12aug data/VOCdevkit/VOC2012 \
#       --fraction 0.1 0.2 0.3 0.5 --seed 0
_base_ = [
    '../_base_/models/cyclegan_resnet9-generator.py',
    '../_base_/datasets/cyclegan_voc12aug.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_cyclegan.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

iters_per_epoch = 1904
max_iters = 400 * iters_per_epoch
model = dict(
    segmentor=dict(data_preprocessor=dict(size=_base_.image_size)))
train_dataloader = dict(dataset=dict(split='1-10'))
train_cfg = dict(max_iters=max_iters, val_interval=10 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=10 * iters_per_epoch, max_keep_ckpts=2))
