# MLMT, VOC-aug 12.5 % (1-8: the labelled images of
# ../s4gan/s4gan_deeplabv3plus_r101-d8_4xb2-40k_voc12aug-1-8-321x321.py),
# the official classifier (../_base_/models/mlmt_r101.py: ImageNet
# ResNet-101, 2048 -> 21 linear layer, sigmoid outputs); 4 GPUs x (4 labelled + 20
# unlabelled) = the official 16 + 80; 100 epochs of the labelled loader =
# 100 x ceil(1323 / 16) = 8300 iterations; consistency ramp from epoch 10
# over 50 epochs. Export the teacher's val scores for the segmentor's
# class filter with
#   python tools/analysis_tools/export_class_scores.py CONFIG CHECKPOINT \
#       --out work_dirs/mlmt_voc12aug-1-8_val_scores.json
_base_ = [
    '../_base_/models/mlmt_r101.py',
    '../_base_/datasets/mlmt_voc12aug.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_mlmt.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

iters_per_epoch = 83  # ceil(1323 / 16)
model = dict(
    semi_train_cfg=dict(
        rampup_begin_iters=10 * iters_per_epoch,
        rampup_iters=50 * iters_per_epoch))
train_cfg = dict(max_iters=100 * iters_per_epoch,
                 val_interval=5 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=5 * iters_per_epoch, max_keep_ckpts=2))
