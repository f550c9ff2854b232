# Test a VOC CycleGAN model with the reference's protocol too
# (reference/wseg_cyclegan.md B6), for comparing with its tables:
#   python tools/test.py THIS_CONFIG CHECKPOINT
# The image and its mask are both resized to 200x200 (mask nearest) and
# the prediction is scored there (ScoreAtInputSize); besides MMSeg's
# IoUMetric at that size, submatrix_mIoU averages the IoU of the 20 object
# classes over the confusion sub-matrix without the background, with
# ignored pixels counted as background, as the reference computes it. The
# reference's "val" is a random 15 % of trainval-aug; this is MMSeg's VOC
# val. Training with this config is the 10 % config's.
_base_ = ['./cyclegan_resnet9-generator_1xb5-400e_voc12aug-1-10-200x200.py']

test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'), _base_.fixed_resize,
    dict(type='ScoreAtInputSize'),
    dict(type='PackSegInputs')
]
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_evaluator = [
    dict(type='IoUMetric', iou_metrics=['mIoU']),
    dict(
        type='ConfusionSubmatrixIoUMetric',
        classes=list(range(1, 21)),
        ignore_as=0)
]
