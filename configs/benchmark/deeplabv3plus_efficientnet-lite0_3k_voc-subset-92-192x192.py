# Supervised baseline of the quality benchmark: 92 labelled VOC-subset
# images, ImageNet EfficientNet-Lite0 DeepLabV3+, 192x192 crops, 8 images
# per batch, 3000 iterations of AdamW on 2 CPU cores (about 25 min).
_base_ = [
    '../_base_/models/deeplabv3plus_efficientnet-lite0.py',
    '../_base_/datasets/voc_subset.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_benchmark_adamw_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)
model = dict(data_preprocessor=dict(size=_base_.crop_size))
