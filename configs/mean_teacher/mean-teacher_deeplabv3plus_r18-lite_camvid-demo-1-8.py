# The CamVid 1/8 Mean Teacher config on the bundled demo copy
# (data/camvid_demo: 23 labelled + 161 unlabelled frames, 51 val frames).
_base_ = ['./mean-teacher_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py']
demo_data = dict(data_root='data/camvid_demo', img_suffix='.jpg')
train_dataloader = dict(
    dataset=dict(datasets=[
        dict(_base_.labeled_dataset, **demo_data),
        dict(_base_.unlabeled_dataset, **demo_data)
    ]))
val_dataloader = dict(dataset=demo_data)
test_dataloader = val_dataloader
