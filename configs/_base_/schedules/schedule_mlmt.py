# MLMT's optimisation (reference/cps_s4gan.md 2.4): SGD lr 0.03, momentum
# 0.9, Nesterov, weight decay 1e-5, cosine annealing to 1e-4 over the run
# (the official 100 epochs of the labelled loader, stepped per iteration
# here). A child sets the length (100 epochs of its labelled loader) and
# the consistency ramp in iterations:
#   train_cfg = dict(max_iters=100 * E)
#   model = dict(semi_train_cfg=dict(rampup_begin_iters=10 * E,
#                                    rampup_iters=50 * E))
# No checkpoint is picked by validation: the segmentor's class filter is
# later scored on the same val images, so choosing the classifier by their
# labels would leak them; use the last checkpoint, as the official code
# uses epoch 100.
_base_ = ['./iter_based_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(
        type='SGD', lr=0.03, momentum=0.9, nesterov=True, weight_decay=1e-5))
param_scheduler = [
    dict(type='CosineAnnealingLR', eta_min=1e-4, begin=0, by_epoch=False)
]
default_hooks = dict(checkpoint=dict(save_best=None))
