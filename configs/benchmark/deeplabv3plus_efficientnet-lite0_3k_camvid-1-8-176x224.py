# Supervised baseline of the quality benchmark's second setting: CamVid 1/8
# (46 labelled frames of the 367 train frames, val 101), frames at
# 240x180, 176x224 crops, the VOC-subset model (ImageNet EfficientNet-Lite0
# DeepLabV3+) with an 11-class head, 8 images per batch, 3000 iterations of
# the benchmark's AdamW schedule.
_base_ = [
    '../_base_/models/deeplabv3plus_efficientnet-lite0.py',
    '../_base_/datasets/camvid.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_benchmark_adamw_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)
model = dict(
    data_preprocessor=dict(size=_base_.crop_size),
    decode_head=dict(num_classes=11))
train_dataloader = dict(batch_size=8, sampler=dict(batch_size=8))
