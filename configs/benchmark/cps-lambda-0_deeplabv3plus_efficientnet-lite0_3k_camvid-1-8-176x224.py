# Ablation of CPS in the CamVid 1/8 benchmark (not a row of the method):
# the benchmark's CPS config with the cross pseudo-supervision weight
# lambda set to 0. Everything else stays: the two branches and their
# different initial heads, the 8 + 8 frames a batch (the unlabelled frames
# still pass through both branches and their batch-norm statistics), the
# schedule and branch1's validation. Against the lambda 1.5 run it isolates
# what the cross pseudo-supervision term does; against the supervised 1/8
# run, what the rest of the CPS pipeline does.
# benchmark_quality.py --settings camvid-cps-ablation runs it.
_base_ = './cps_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-176x224.py'

model = dict(cps_loss=dict(loss_weight=0.0))
