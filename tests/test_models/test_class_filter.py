"""MLMT's image-level class filter: logit masking, score files, the option
of this package's segmentors and the wrapper of plain MMSeg models."""
import json

import pytest
import torch
import torch.nn.functional as F

from mmseg.registry import MODELS
from mmseg_semi.models.utils import ClassScoreFile, filter_class_logits


def test_mask_mode_changes_only_the_filtered_classes():
    logits = torch.tensor([-1.0, -2.0, -3.0]).view(1, 3, 1, 1).repeat(
        1, 1, 2, 2)
    logits[0, 2, 0, 0] = 5.0  # class 2 would win one pixel
    scores = torch.tensor([[0.9, 0.5, 0.1]])
    out = filter_class_logits(logits, scores, threshold=0.2)
    assert torch.equal(out[:, :2], logits[:, :2])  # kept classes untouched
    assert torch.all(out[:, 2] < -1e30)
    assert out.argmax(dim=1)[0, 0, 0] == 0  # class 2 can no longer win
    # the pixels class 2 did not win keep their prediction
    assert torch.equal(out.argmax(dim=1)[0].flatten()[1:],
                       logits.argmax(dim=1)[0].flatten()[1:])


def test_zero_mode_is_the_official_bug():
    """Multiplying by 0 leaves a filtered class at 0, above every negative
    logit: it still wins where all kept classes are negative."""
    logits = torch.tensor([-1.0, -2.0, -3.0]).view(1, 3, 1, 1)
    scores = torch.tensor([[0.9, 0.5, 0.1]])
    out = filter_class_logits(logits, scores, threshold=0.2, mode='zero')
    assert out.flatten().tolist() == [-1.0, -2.0, 0.0]
    assert out.argmax(dim=1).item() == 2
    masked = filter_class_logits(logits, scores, threshold=0.2)
    assert masked.argmax(dim=1).item() == 0


def test_best_scored_class_is_always_kept_and_resizing_gives_no_nan():
    logits = torch.randn(2, 4, 3, 3)
    scores = torch.tensor([[0.1, 0.05, 0.15, 0.0], [0.9, 0.0, 0.0, 0.3]])
    out = filter_class_logits(logits, scores, threshold=0.2)
    assert torch.all(out.argmax(dim=1)[0] == 2)
    assert set(out.argmax(dim=1)[1].unique().tolist()) <= {0, 3}
    resized = F.interpolate(out, size=(7, 7), mode='bilinear')
    assert not torch.isnan(resized).any()
    with pytest.raises(ValueError, match='mode'):
        filter_class_logits(logits, scores, mode='drop')
    with pytest.raises(ValueError, match=r'\(N, C\)'):
        filter_class_logits(logits, scores[:, :3])


def test_score_file(tmp_path, make_sample):
    path = tmp_path / 'scores.json'
    path.write_text(json.dumps({'a': [1.0, 0.1, 0.3], 'b': [1.0, 0.9, 0.0]}))
    source = ClassScoreFile(str(path), num_classes=3)
    samples = [make_sample(metainfo=dict(img_path='x/b.jpg')),
               make_sample(metainfo=dict(img_path='y/a.png'))]
    torch.testing.assert_close(
        source(samples), torch.tensor([[1.0, 0.9, 0.0], [1.0, 0.1, 0.3]]))
    with pytest.raises(KeyError, match="'c'"):
        source([make_sample(metainfo=dict(img_path='c.jpg'))])
    with pytest.raises(ValueError, match='num_classes=4'):
        ClassScoreFile(str(path), num_classes=4)
    with pytest.raises(FileNotFoundError, match='missing.json'):
        ClassScoreFile(str(tmp_path / 'missing.json'))


def _score_file(tmp_path, rows):
    path = tmp_path / 'scores.json'
    path.write_text(json.dumps(rows))
    return dict(scores=dict(type='ClassScoreFile', file=str(path)),
                threshold=0.2)


def _test_samples(make_sample, names):
    return [
        make_sample(metainfo=dict(img_path=f'{n}.jpg', scale_factor=(1, 1),
                                  flip=False, padding_size=[0, 0, 0, 0]))
        for n in names
    ]


@pytest.mark.parametrize('wrap', ['semi_option', 'wrapper'])
def test_segmentor_predictions_drop_filtered_classes(tmp_path, tiny_seg_cfg,
                                                     make_sample, wrap):
    plain = MODELS.build(tiny_seg_cfg())
    torch.nn.init.normal_(plain.decode_head.conv_seg.weight, std=3.0)
    plain.eval()
    inputs = torch.randn(2, 3, 32, 32)
    samples = _test_samples(make_sample, ['a', 'b'])
    reference = plain.predict(inputs, _test_samples(make_sample, ['a', 'b']))
    before = [r.pred_sem_seg.data for r in reference]
    assert len(before[0].unique()) > 1  # the test means something
    absent = before[0].flatten().mode().values.item()
    # image a: its most predicted class rated absent; image b: all present
    scores_a = [1.0, 1.0, 1.0]
    scores_a[absent] = 0.0
    filter_cfg = _score_file(tmp_path, {'a': scores_a, 'b': [1.0] * 3})
    if wrap == 'semi_option':
        model = MODELS.build(
            dict(type='MeanTeacherSegmentor', segmentor=tiny_seg_cfg(),
                 semi_test_cfg=dict(predict_on='student',
                                    class_filter=filter_cfg)))
        model.load_state_dict(plain.state_dict(), strict=False)
    else:
        model = MODELS.build(
            dict(type='ClassFilteredSegmentor', segmentor=tiny_seg_cfg(),
                 class_filter=filter_cfg))
        model.load_state_dict(plain.state_dict())  # a plain checkpoint
    model.eval()
    after = [r.pred_sem_seg.data for r in model.predict(inputs, samples)]
    assert not (after[0] == absent).any()
    kept = before[0] != absent
    assert torch.equal(after[0][kept], before[0][kept])
    assert torch.equal(after[1], before[1])


def test_wrapper_refuses_training(tiny_seg_cfg, tmp_path):
    model = MODELS.build(
        dict(type='ClassFilteredSegmentor', segmentor=tiny_seg_cfg(),
             class_filter=_score_file(tmp_path, {'a': [1, 1, 1]})))
    with pytest.raises(TypeError, match='testing'):
        model.loss(torch.zeros(1, 3, 32, 32), [])
