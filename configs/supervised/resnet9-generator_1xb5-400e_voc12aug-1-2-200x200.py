# Supervised baseline of the CycleGAN VOC-aug 50 % config: the 10 % baseline
# on the 5291 labelled images of split '1-2'. 400 epochs of the labelled
# loader: 5291 // 5 = 1058 iterations an epoch.
_base_ = ['./resnet9-generator_1xb5-400e_voc12aug-1-10-200x200.py']

iters_per_epoch = 1058
max_iters = 400 * iters_per_epoch
train_dataloader = dict(dataset=dict(split='1-2'))
train_cfg = dict(max_iters=max_iters, val_interval=10 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=10 * iters_per_epoch, max_keep_ckpts=2))
