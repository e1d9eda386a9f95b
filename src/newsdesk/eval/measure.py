"""What every evaluation reports besides its scores: F1 from precision and recall, and peak memory."""

from __future__ import annotations

import sys


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(hits_p: int, predicted: int, hits_r: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts: ``hits_p`` of ``predicted`` are right, ``hits_r`` of ``gold`` found."""
    p = hits_p / predicted if predicted else 0.0
    r = hits_r / gold if gold else 0.0
    return p, r, f1(p, r)


def peak_rss_mb() -> float | None:
    """The peak resident set size of this process in MiB, or None where ``resource`` is missing (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere
