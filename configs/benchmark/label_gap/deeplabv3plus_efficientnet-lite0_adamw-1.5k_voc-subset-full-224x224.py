# Label-gap search (docs/benchmarks.md): the benchmark's supervised config
# fine-tuned with AdamW (lr 1e-3 on the head, 1e-4 on the ImageNet encoder,
# weight decay 1e-2), 1500 iterations.
_base_ = [
    './deeplabv3plus_efficientnet-lite0_sgd-1k_voc-subset-full-224x224.py'
]
optim_wrapper = dict(
    optimizer=dict(_delete_=True, type='AdamW', lr=1e-3, weight_decay=1e-2),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
train_cfg = dict(max_iters=1500, val_interval=500)
default_hooks = dict(checkpoint=dict(interval=500))
