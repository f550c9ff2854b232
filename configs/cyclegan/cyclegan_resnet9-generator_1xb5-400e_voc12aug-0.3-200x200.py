# CycleGAN, VOC-aug 30 % (split '0.3': 3175 labelled, 7407 unlabelled
# train-aug images): the 10 % config with this split. An epoch of the
# reference's loader is 7407 // 5 = 1481 iterations; 400 epochs, the lr
# constant for the first 100.
_base_ = ['./cyclegan_resnet9-generator_1xb5-400e_voc12aug-1-10-200x200.py']

iters_per_epoch = 1481
max_iters = 400 * iters_per_epoch
train_dataloader = dict(dataset=dict(split='0.3'))
train_cfg = dict(max_iters=max_iters, val_interval=10 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=10 * iters_per_epoch, max_keep_ckpts=2))
