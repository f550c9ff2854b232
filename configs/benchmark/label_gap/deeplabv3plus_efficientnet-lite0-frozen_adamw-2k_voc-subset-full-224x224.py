# Label-gap search (docs/benchmarks.md): the benchmark's supervised config
# with the ImageNet encoder frozen (BN statistics too) and AdamW (lr 1e-3,
# weight decay 1e-2) on the head, 2000 iterations.
_base_ = [
    './deeplabv3plus_efficientnet-lite0_sgd-1k_voc-subset-full-224x224.py'
]
model = dict(backbone=dict(frozen_stages=4, norm_eval=True))
optim_wrapper = dict(
    optimizer=dict(_delete_=True, type='AdamW', lr=1e-3, weight_decay=1e-2))
train_cfg = dict(max_iters=2000, val_interval=500)
default_hooks = dict(checkpoint=dict(interval=500))
