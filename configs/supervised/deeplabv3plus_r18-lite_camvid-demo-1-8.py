# Supervised baseline of the offline demo: the 23 labelled frames of the
# CamVid copy bundled in data/camvid_demo (184 train / 51 val frames at
# 240x180, JPEG images); same model, schedule and labelled batch as
# ../mean_teacher/mean-teacher_deeplabv3plus_r18-lite_camvid-demo-1-8.py
_base_ = ['./deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py']
demo_data = dict(data_root='data/camvid_demo', img_suffix='.jpg')

labeled_dataset = _base_.labeled_dataset
labeled_dataset.update(demo_data)
train_dataloader = dict(dataset=labeled_dataset)
val_dataloader = dict(dataset=demo_data)
test_dataloader = val_dataloader
