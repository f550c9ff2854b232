# Single-stage WSSS on CamVid, sized for 2 CPU cores: the tags of all 367
# train frames (no mask), the quality benchmark's encoder, crop, batch (8),
# schedule (AdamW, 3000 iterations) and seed, next to the supervised 1/8
# and full-label CamVid rows. Label space: CamVidTagsDataset (class 0
# "none" = the constant background channel, 1-11 the CamVid classes); the
# constant channel is not predicted at test time. Warm-up: the mask loss
# starts at iteration 714 (3000 x 5 / 21).
_base_ = [
    '../_base_/models/single-stage-wsss_efficientnet-lite0.py',
    '../_base_/datasets/wsss_camvid.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_benchmark_adamw_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)
model = dict(
    data_preprocessor=dict(size=_base_.crop_size),
    decode_head=dict(num_classes=12),
    train_cfg=dict(mask_loss_begin_iter=714),
    test_cfg=dict(predict_background=False))
