# The quality benchmark's CPU schedule (chosen by the label-gap search of
# docs/benchmarks.md): AdamW, lr 1e-3 on the head and 1e-4 on the
# ImageNet-pretrained encoder (lr_mult 0.1 on every parameter whose name
# contains 'backbone', so also 'branch1.backbone' of CPS), weight decay
# 1e-2, a 100-iteration linear warm-up, then poly 0.9 down to 0 at
# max_iters; 3000 iterations, validation every 1000, a checkpoint every
# 500 (the benchmark resumes interrupted runs from it). MemoryFormatHook
# keeps the convolution weights channels-last: a 1.26-1.4x faster step of
# the EfficientNet-Lite0 DeepLabV3+ methods on the CPU, none for CycleGAN
# (runs recorded before 2026-11-23 trained in NCHW; see
# docs/benchmarks.md).
_base_ = ['./iter_based_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-2),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}),
    clip_grad=None)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, begin=0, end=100,
         by_epoch=False),
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=100, by_epoch=False)
]
train_cfg = dict(max_iters=3000, val_interval=1000)
default_hooks = dict(
    checkpoint=dict(interval=500, max_keep_ckpts=1),
    logger=dict(interval=50),
    memory_format=dict(
        type='MemoryFormatHook', memory_format='channels_last'))
randomness = dict(seed=0)
