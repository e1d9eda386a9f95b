"""``newsdesk eval``: the evaluation commands over labelled data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from newsdesk.cli.base import Context, F, _emit_json, _errors_to_exit, cli, json_option


@cli.group(name="eval")
def eval_group() -> None:
    """Evaluate newsdesk's stages on labelled data (docs/reprints.md, docs/clustering.md, docs/claims.md)."""


@eval_group.command(name="reprints")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Containment threshold (default: the reprint_threshold setting).",
)
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the reprint edits.")
@json_option
@click.pass_obj
@_errors_to_exit
def eval_reprints(obj: Context, data: Path, threshold: float | None, seed: int, as_json: bool) -> None:
    """Measure reprint detection on DATA (a clustering JSONL file such as ECB+)."""
    from newsdesk.eval.reprints import evaluate

    result = evaluate(data, threshold=threshold if threshold is not None else obj.settings.reprint_threshold, seed=seed)
    if as_json:
        _emit_json(result)
        return
    for key, value in result.items():
        click.echo(f"{key:>32}: {value}")


def _predictions_option(text: str) -> Callable[[F], F]:
    return click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), default=None, help=text)


@eval_group.command(name="clustering")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@_predictions_option("Also write the predicted stories to this file, one 'doc_id<TAB>story_id' line per document.")
@json_option
@_errors_to_exit
def eval_clustering(data: Path, predictions: Path | None, as_json: bool) -> None:
    """Measure story clustering on DATA (a clustering JSONL file such as ECB+).

    Feeds the documents to the clusterer in file order and prints pairwise and B-cubed precision / recall /
    F1, NMI, the counts, documents per second (clustering time only) and peak memory. The data format and the
    metrics: docs/clustering.md.
    """
    from newsdesk.eval.clustering import evaluate

    report = evaluate(data, predictions=predictions)
    if as_json:
        _emit_json(report.as_dict())
        return
    s = report.scores
    rss = f"{report.peak_rss_mb:.1f} MB" if report.peak_rss_mb is not None else "unknown"
    speed = f"{report.docs_per_second:.1f}" if report.docs_per_second is not None else "—"
    for label, value in (
        ("documents", f"{s.docs} in {s.gold_clusters} gold stories, {s.pred_clusters} predicted"),
        ("pairwise P/R/F1", f"{s.pairwise_p:.4f} / {s.pairwise_r:.4f} / {s.pairwise_f1:.4f}"),
        ("B-cubed P/R/F1", f"{s.bcubed_p:.4f} / {s.bcubed_r:.4f} / {s.bcubed_f1:.4f}"),
        ("NMI", f"{s.nmi:.4f}"),
        ("docs per second", f"{speed} ({report.seconds:.2f} s clustering)"),
        (
            "ms per doc",
            f"{report.first_ms_per_doc:.3f} over the first {report.window}, "
            f"{report.last_ms_per_doc:.3f} over the last {report.window}",
        ),
        ("peak memory", rss),
    ):
        click.echo(f"{label:>15}: {value}")


def _report(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _emit_json(data)
    else:
        _print_report(data)


def _print_report(data: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for sub, inner in value.items():
                click.echo(f"  {sub:>28}: {_round(inner)}")
        else:
            click.echo(f"{key:>30}: {_round(value)}")


def _round(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 10 else f"{value:.1f}"
    if isinstance(value, dict):
        return " ".join(f"{k}={_round(v)}" for k, v in value.items())
    return value


@eval_group.command(name="attribution")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@_predictions_option("Also write the predicted attributions to this file, in DATA's format (JSON Lines).")
@json_option
@_errors_to_exit
def eval_attribution(data: Path, predictions: Path | None, as_json: bool) -> None:
    """Measure attribution (who said what) on DATA, a PolNeAR-style JSON Lines file.

    Runs the shipped attribution model on each text and prints, for source, cue and content, exact-match and
    token-overlap precision / recall / F1, with the speed and peak memory. The format and the metrics:
    docs/claims.md.
    """
    from newsdesk.eval.attribution import evaluate

    _report(evaluate(data, predictions=predictions).as_dict(), as_json)


@eval_group.command(name="quantities")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@_predictions_option("Also write the predicted figures to this file, in DATA's format (NewsQuant JSON).")
@json_option
@_errors_to_exit
def eval_quantities(data: Path, predictions: Path | None, as_json: bool) -> None:
    """Measure figure extraction on DATA, a NewsQuant-format JSON file.

    Runs the quantity extractor on each sentence and prints value, value+unit and value+change precision /
    recall / F1 (CQE's matching rules), with the speed and peak memory. The format and the metrics:
    docs/claims.md.
    """
    from newsdesk.eval.quantities import evaluate

    _report(evaluate(data, predictions=predictions).as_dict(), as_json)
