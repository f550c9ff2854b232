# s4GAN, VOC-aug 5 % (1-20: 529 of the 10582 train-aug images labelled): the
# 12.5 % config with another split.
_base_ = ['./s4gan_deeplabv3plus_r101-d8_4xb2-40k_voc12aug-1-8-321x321.py']
train_dataloader = dict(dataset=dict(split='1-20'))
