"""Validate several sub-models of one semi-supervised segmentor."""
from typing import Dict, List, Optional, Sequence, Union

from mmengine.evaluator import Evaluator
from mmengine.runner import ValLoop
from mmengine.runner.loops import _parse_losses
from torch.utils.data import DataLoader

from mmseg.registry import LOOPS
from ...utils import unwrap_model


@LOOPS.register_module()
class TeacherStudentValLoop(ValLoop):
    """Run the validation set once per sub-model and prefix the metrics.

    With ``predict_on=['teacher', 'student']`` the metrics are reported as
    ``teacher/mIoU``, ``student/mIoU``, ... (so ``CheckpointHook`` can keep
    the best ``teacher/mIoU``). Works for any names the model has, e.g.
    ``['branch1', 'branch2']`` for CPS. The model's own ``predict_on`` is
    restored afterwards, so testing still uses the configured sub-model.
    Losses a model reports during validation (MMEngine collects them in
    ``val_loss``) are logged per sub-model too: ``teacher/val_loss``, ...

    Args:
        runner, dataloader, evaluator, fp16: as :class:`ValLoop`.
        predict_on (list[str], optional): sub-models to evaluate, in order.
            Defaults to all of the model's ``segmentor_names``, the one it
            predicts with first.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 evaluator: Union[Evaluator, Dict, List],
                 fp16: bool = False,
                 predict_on: Optional[Sequence[str]] = None) -> None:
        super().__init__(runner, dataloader, evaluator, fp16)
        self.predict_on = list(predict_on) if predict_on else None

    def _submodels_to_evaluate(self, model) -> List[str]:
        if not hasattr(model, 'segmentor_names'):
            raise TypeError(
                f'TeacherStudentValLoop needs a model with sub-models '
                f'(SemiBaseSegmentor and subclasses), got '
                f'{type(model).__name__}; use ValLoop for plain segmentors')
        if self.predict_on is None:
            first = model.predict_on
            return [first] + [
                n for n in model.segmentor_names if n != first
            ]
        for name in self.predict_on:
            model.check_predict_mode(name, 'val_cfg.predict_on')
        return self.predict_on

    def run(self) -> dict:
        """Evaluate each sub-model; return the prefixed metrics."""
        model = unwrap_model(self.runner.model)
        names = self._submodels_to_evaluate(model)
        self.runner.call_hook('before_val')
        self.runner.call_hook('before_val_epoch')
        self.runner.model.eval()
        original = model.predict_on
        metrics = {}
        try:
            for name in names:
                model.predict_on = name
                metrics.update({
                    f'{name}/{key}': value
                    for key, value in self._evaluate_once().items()
                })
        finally:
            model.predict_on = original
        self.runner.call_hook('after_val_epoch', metrics=metrics)
        self.runner.call_hook('after_val')
        return metrics

    def _evaluate_once(self) -> dict:
        """Metrics of one pass, plus the losses MMEngine >= 0.10.4 collects
        in ``val_loss`` (averaged, and their sum as ``val_loss``)."""
        val_loss = getattr(self, 'val_loss', None)
        if val_loss is not None:
            val_loss.clear()
        for idx, data_batch in enumerate(self.dataloader):
            self.run_iter(idx, data_batch)
        metrics = self.evaluator.evaluate(len(self.dataloader.dataset))
        if val_loss:
            metrics.update(_parse_losses(val_loss, 'val'))
        return metrics
