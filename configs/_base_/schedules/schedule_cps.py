# CPS's optimisation (TorchSemiSeg), in its standard-DDP equivalent: SGD
# momentum 0.9, the same lr for backbone and head, no weight decay on norm
# layers and biases, per-iteration poly 0.9 to 0, no warm-up.
#
# Learning rate and weight decay. The official code all-reduces every loss
# and divides it by the world size W *before* backward; all_reduce is not
# tracked by autograd, so each rank's gradient is its own gradient / W, and
# apex DDP averages those again: the step uses g / W, while weight decay
# is not divided. With SGD (momentum mu) the update is
#     v <- mu v + (g / W + wd w),   w <- w - lr v
# and scaling v by W gives exactly the standard-DDP update with
#     lr' = lr / W,   wd' = W wd.
# VOC (W = 4, lr 0.01, wd 1e-4): lr 0.0025, wd 4e-4 (the defaults here);
# Cityscapes (W = 8, lr 0.02, wd 1e-4): lr 0.0025, wd 8e-4 (its configs).
# To train with the official per-GPU numbers under standard DDP instead
# (4x / 8x larger steps), pass
#   --cfg-options optim_wrapper.optimizer.lr=0.01 \
#                 optim_wrapper.optimizer.weight_decay=1e-4
# (Cityscapes: lr=0.02). Validation reports branch1/ and branch2/ metrics;
# the best branch1 is kept.
_base_ = ['./iter_based_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.0025, momentum=0.9, weight_decay=4e-4),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0),
    clip_grad=None)
param_scheduler = [
    dict(type='PolyLR', power=0.9, eta_min=0.0, begin=0, by_epoch=False)
]
train_cfg = dict(max_iters=40000, val_interval=4000)
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(
    checkpoint=dict(
        interval=4000, max_keep_ckpts=3, save_best='branch1/mIoU'))
