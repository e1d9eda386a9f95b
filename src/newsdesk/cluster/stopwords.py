"""English stop words: function words and the verbs of reporting, which say nothing about which event it is."""

from __future__ import annotations

_STOP = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it it's its itself just me more most my myself no nor not now
of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours yourself yourselves
said says say saying told tells tell according reported reports report added asked
mr mrs ms dr new one two three year years yesterday today tomorrow week weeks month months
monday tuesday wednesday thursday friday saturday sunday
"""

_CALENDAR = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday
"""

STOP_WORDS = frozenset(_STOP.split())
CALENDAR_WORDS = frozenset(_CALENDAR.split())
