"""Reconciliation: a story's claims → its findings (the "findings" step of sources → … → briefings).

:func:`reconcile` reads the claims of one story's member articles and returns
:class:`~newsdesk.types.Findings`:

* the **figure ledger** (:mod:`~newsdesk.reconcile.figures`, :mod:`~newsdesk.reconcile.ledger`): every figure
  with its canonical measure and subject (:mod:`~newsdesk.reconcile.measures`), period
  (:mod:`~newsdesk.reconcile.periods`), speaker and relay chain (:mod:`~newsdesk.reconcile.relays`), grouped
  where figures can be compared, with the groups whose figures disagree and the groups kept apart because
  they measure different things;
* the **stance table** (:mod:`~newsdesk.reconcile.stances`): the central propositions and who asserts,
  confirms or denies each;
* the **timeline** (:mod:`~newsdesk.reconcile.timeline`): dated events in order;
* the count of **independent sources** (a reprint counts with its original) and whether it is below
  ``min_sources``.

Speakers are unified across the story first (:func:`newsdesk.claims.speakers.unify_speakers`; claims that
already are unified come out the same). Nothing here does I/O, and the same input always gives the same
findings with the same ids (:func:`newsdesk.types.stable_id` over content keys). docs/reconcile.md describes
the rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.claims.speakers import unify_speakers
from newsdesk.reconcile.articles import StoryArticles
from newsdesk.reconcile.figures import story_figures
from newsdesk.reconcile.ledger import build_ledger, shown_figures
from newsdesk.reconcile.relays import Voices
from newsdesk.reconcile.stances import build_propositions
from newsdesk.reconcile.timeline import build_timeline
from newsdesk.types import Article, Claim, Findings, Story

RECONCILER = "reconcile/1"
"""The versioned name of the reconciliation rules; raised when what they find changes."""

__all__ = ["RECONCILER", "reconcile", "shown_figures"]


def reconcile(story: Story, articles: Sequence[Article], claims: Sequence[Claim], *, min_sources: int = 2) -> Findings:
    """The findings of ``story`` from its member ``articles`` and their stored ``claims``.

    Claims of articles that are not among ``articles`` are ignored (their evidence cannot be quoted).
    """
    members = StoryArticles(articles)
    known = [c for c in claims if members.get(c.article_id) is not None]
    unified = unify_speakers(known)
    figures = story_figures(unified, members, Voices(unified, members))
    ledger, figure_disagreements = build_ledger(story.id, figures, members)
    propositions, stance_disagreements = build_propositions(story.id, unified, members)
    sources = members.sources() if articles else story.sources
    return Findings(
        story_id=story.id,
        ledger=ledger,
        disagreements=figure_disagreements + stance_disagreements,
        propositions=propositions,
        timeline=build_timeline(unified, members),
        sources=sources,
        single_source=sources < min_sources,
    )
