"""`patrolmap draft`: propose a catalogue event from a news report or an official release.

Pipeline: text (the article's main text) -> dates, participants, responders, gazetteer (areas and
places), kind -> assemble (a draft event and source record with evidence) -> append (optional).
"""

from patrolmap.draft.assemble import Draft, make_draft, to_json, to_yaml
from patrolmap.draft.gazetteer import Gazetteer
from patrolmap.draft.text import Article, read_article

__all__ = ["Article", "Draft", "Gazetteer", "make_draft", "read_article", "to_json", "to_yaml"]
