# Ablation of Mean Teacher in the CamVid 1/8 benchmark (not a row of the
# method): the benchmark's Mean Teacher config with a tenth of the paper's
# consistency weight (10 instead of 100; the same sigmoid ramp-up over the
# first 750 iterations). A dose between the x100 run and the x0 control:
# does a weaker pull towards the teacher let the student learn the small
# classes the x100 runs never find?
# benchmark_quality.py --settings camvid-mean-teacher-ablation runs it.
_base_ = './mean-teacher_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-176x224.py'

model = dict(semi_train_cfg=dict(unsup_weight=10.0))
