# The CamVid 1/8 supervised baseline on the bundled demo copy
# (data/camvid_demo: 23 labelled frames, 51 val frames).
_base_ = ['./deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py']
demo_data = dict(data_root='data/camvid_demo', img_suffix='.jpg')
train_dataloader = dict(
    dataset=dict(datasets=[dict(_base_.labeled_dataset, **demo_data)]))
val_dataloader = dict(dataset=demo_data)
test_dataloader = val_dataloader
