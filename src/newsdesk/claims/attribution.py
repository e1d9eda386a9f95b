"""Attribution: who said what in a news text, as character spans of source, cue and content.

"Mr. Smith said the plan would fail" holds one attribution: source "Mr. Smith", cue "said", content "the plan
would fail". Cues are the reporting words ("said", "according to", "told", a colon, "wants"); a content may
be discontinuous (a quote broken by "he said"), and a source may be missing ("It is said that …").

:class:`Attributor` runs a small BiLSTM tagger trained on PolNeAR (``attribution_training``) through
onnxruntime on one thread: each article is one sequence, tagged in three layers (source, cue, content), and
the tags are assembled into attributions by :func:`newsdesk.claims.attribution_encoding.assemble`. The model
ships in ``claims/data`` (``attribution.onnx`` and its vocabulary, ``attribution.json``) and loads on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from newsdesk.claims.attribution_encoding import (
    ENCODING_VERSION,
    NUMERIC,
    Vocabulary,
    decode,
    features,
    units,
)
from newsdesk.errors import ModelError
from newsdesk.types import Attribution

ATTRIBUTION_MODEL = "bilstm-polnear/1"
"""The versioned name of the shipped model, recorded with every claim it finds."""
MODEL_FILE = "attribution.onnx"
META_FILE = "attribution.json"
_RETRAIN = "retrain it with: python -m newsdesk.claims.attribution_training"


class Attributor:
    """Finds attributions in texts with the tagger in ``model_dir`` (default: the model shipped with newsdesk).

    The model is loaded on first use (or by :meth:`load`); one instance may serve many texts.
    """

    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = model_dir
        self._session: Any = None
        self._vocab: Vocabulary | None = None
        self._name = ATTRIBUTION_MODEL if model_dir is None else ""

    @property
    def model_name(self) -> str:
        """The versioned name of the model in use (read from its files once loaded)."""
        if not self._name:
            self.load()
        return self._name

    def load(self) -> None:
        """Load the model now rather than on the first text."""
        if self._session is not None:
            return
        try:
            import onnxruntime
        except ImportError as exc:
            raise ModelError(
                "attribution extraction needs the onnxruntime package: reinstall newsdesk (make install)"
            ) from exc
        if self.model_dir is None:
            with resources.as_file(resources.files("newsdesk.claims") / "data") as folder:
                self._open(onnxruntime, folder)
        else:
            self._open(onnxruntime, self.model_dir)

    def _open(self, onnxruntime: Any, folder: Path) -> None:
        model, meta = folder / MODEL_FILE, folder / META_FILE
        for path in (model, meta):
            if not path.is_file():
                raise ModelError(f"the attribution model file {path} is missing; {_RETRAIN}")
        try:
            payload = json.loads(meta.read_text(encoding="utf-8"))
            vocab = Vocabulary.from_json(payload["vocabulary"])
            name, version, numeric = str(payload["model"]), payload["encoding_version"], payload["numeric"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read the attribution model {meta}: {exc}; {_RETRAIN}") from exc
        if version != ENCODING_VERSION or tuple(numeric) != NUMERIC:
            raise ModelError(
                f"the attribution model {meta} was trained for encoding version {version}, not {ENCODING_VERSION}; "
                + _RETRAIN
            )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types for corrupt files
            raise ModelError(f"cannot load the attribution model {model}: {exc}; {_RETRAIN}") from exc
        self._session, self._vocab, self._name = session, vocab, name

    def extract(self, text: str) -> list[Attribution]:
        """The attributions of ``text``, in text order; offsets are characters into ``text``."""
        self.load()
        assert self._vocab is not None
        u = units(text)
        if not len(u):
            return []
        x = features(text, u, self._vocab)
        (scores,) = self._session.run(None, {"ids": x.ids[None], "numeric": x.numeric[None]})
        return decode(u, scores[0])

    def extract_many(self, texts: Iterable[str]) -> list[list[Attribution]]:
        """:meth:`extract` over several texts, in order."""
        return [self.extract(text) for text in texts]
