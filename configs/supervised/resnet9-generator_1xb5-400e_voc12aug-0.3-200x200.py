# Supervised baseline of the CycleGAN VOC-aug 30 % config: the 10 % baseline
# on the 3175 labelled images of split '0.3'. 400 epochs of the labelled
# loader: 3175 // 5 = 635 iterations an epoch.
_base_ = ['./resnet9-generator_1xb5-400e_voc12aug-1-10-200x200.py']

iters_per_epoch = 635
max_iters = 400 * iters_per_epoch
train_dataloader = dict(dataset=dict(split='0.3'))
train_cfg = dict(max_iters=max_iters, val_interval=10 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=10 * iters_per_epoch, max_keep_ckpts=2))
