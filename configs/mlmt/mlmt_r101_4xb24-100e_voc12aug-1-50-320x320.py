# MLMT, VOC-aug 1-50 (212 labelled images: those of the s4GAN config of this
# split); 100 epochs of the labelled loader = 100 x ceil(212 / 16) = 1400
# iterations. Everything else as the 1-8 config.
_base_ = ['./mlmt_r101_4xb24-100e_voc12aug-1-8-320x320.py']

iters_per_epoch = 14  # ceil(212 / 16)
model = dict(
    semi_train_cfg=dict(
        rampup_begin_iters=10 * iters_per_epoch,
        rampup_iters=50 * iters_per_epoch))
train_cfg = dict(max_iters=100 * iters_per_epoch,
                 val_interval=5 * iters_per_epoch)
default_hooks = dict(checkpoint=dict(interval=5 * iters_per_epoch))
train_dataloader = dict(dataset=dict(split='1-50'))
