# Single-stage WSSS on the VOC subset, sized for 2 CPU cores: the tags of
# all 1464 train images (no mask), the quality benchmark's encoder, crop,
# batch (8), schedule (AdamW, 3000 iterations) and seed, so its row sits
# next to the supervised-92 and full-label rows. The classification-only
# warm-up is the reference's 5 of 21 epochs: the mask loss starts at
# iteration 714 (3000 x 5 / 21).
_base_ = [
    '../_base_/models/single-stage-wsss_efficientnet-lite0.py',
    '../_base_/datasets/wsss_voc_subset.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_benchmark_adamw_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)
model = dict(
    data_preprocessor=dict(size=_base_.crop_size),
    train_cfg=dict(mask_loss_begin_iter=714))
