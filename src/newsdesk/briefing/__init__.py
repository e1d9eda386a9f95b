"""Findings + claims → briefing: the writer, the support checker, versions, and the renderers (md, html, json)."""
