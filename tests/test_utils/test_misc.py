"""Loss-dict helpers and model unwrapping."""
import torch
from torch import nn

from mmseg_semi.utils import add_prefix_to_losses, unwrap_model, weight_losses


def test_add_prefix_to_losses():
    losses = {'decode.loss_ce': torch.tensor(1.0), 'decode.acc_seg': 3}
    assert add_prefix_to_losses(losses, 'sup_') == {
        'sup_decode.loss_ce': losses['decode.loss_ce'],
        'sup_decode.acc_seg': 3
    }


def test_weight_losses_scales_only_loss_entries():
    losses = {
        'loss_ce': torch.tensor(2.0),
        'loss_list': [torch.tensor(1.0), torch.tensor(3.0)],
        'acc_seg': torch.tensor(50.0),
        'mask_ratio': torch.tensor(0.5),
    }
    weighted = weight_losses(losses, 0.5)
    assert weighted['loss_ce'].item() == 1.0
    assert [v.item() for v in weighted['loss_list']] == [0.5, 1.5]
    assert weighted['acc_seg'].item() == 50.0
    assert weighted['mask_ratio'].item() == 0.5
    # the input dict is not modified
    assert losses['loss_ce'].item() == 2.0
    assert losses['loss_list'][0].item() == 1.0


def test_weight_losses_keeps_the_graph():
    x = torch.tensor(3.0, requires_grad=True)
    weight_losses({'loss': x * 2}, 4.0)['loss'].backward()
    assert x.grad.item() == 8.0


def test_unwrap_model():
    model = nn.Linear(2, 2)
    assert unwrap_model(model) is model
    assert unwrap_model(nn.DataParallel(model)) is model
