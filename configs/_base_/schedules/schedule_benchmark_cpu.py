# The quality benchmark's CPU schedule: SGD momentum 0.9, lr 0.01 (head
# and pretrained encoder alike), weight decay 1e-4, poly 0.9 over 1000
# iterations, validation and checkpoint at the end and every 250.
_base_ = ['./iter_based_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=1e-4),
    clip_grad=None)
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, by_epoch=False)
]
train_cfg = dict(max_iters=1000, val_interval=250)
default_hooks = dict(
    checkpoint=dict(interval=250, max_keep_ckpts=1),
    logger=dict(interval=25))
randomness = dict(seed=0)
