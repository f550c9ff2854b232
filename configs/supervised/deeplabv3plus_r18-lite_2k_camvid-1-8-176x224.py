# Supervised baseline: the labelled 1/8 of CamVid train only, the same
# model, schedule and labelled batch as the semi-supervised CamVid configs.
_base_ = [
    '../_base_/models/deeplabv3plus_r18-lite.py',
    '../_base_/datasets/camvid.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_camvid_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)
model = dict(data_preprocessor=dict(size=_base_.crop_size))
