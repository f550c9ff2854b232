# s4GAN, VOC-aug 2 % (1-50: 212 of the 10582 train-aug images labelled;
# the official code truncates to 211, which --num-labeled 211 gives): the
# 12.5 % config with another split.
_base_ = ['./s4gan_deeplabv3plus_r101-d8_4xb2-40k_voc12aug-1-8-321x321.py']
train_dataloader = dict(dataset=dict(split='1-50'))
