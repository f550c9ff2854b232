# Ablation of Mean Teacher in the CamVid 1/8 benchmark (not a row of the
# method): the benchmark's Mean Teacher config with the consistency weight
# set to 0. Everything else stays: the 8 + 8 frames a batch, the student's
# strong view of the unlabelled frames (which still pass through the
# student and its batch-norm statistics), the EMA teacher and its
# validation. Against the x100 run it isolates what the consistency term
# does; against the supervised 1/8 run, what the rest of the pipeline does.
# benchmark_quality.py --settings camvid-mean-teacher-ablation runs it.
_base_ = './mean-teacher_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-176x224.py'

model = dict(semi_train_cfg=dict(unsup_weight=0.0))
