"""The actor layer: a knowledge base of coded actors and agents, TABARI/PETRARCH dictionary import, and the
resolution of article mentions to actors with their code as of the article's date."""

from .agents import Agent
from .files import load_actors, load_agents
from .kb import ActorKB, load_kb, load_kb_for
from .resolve import actor_spans, resolve_mentions
from .tabari import load_tabari_actors, load_tabari_agents

__all__ = [
    "ActorKB",
    "Agent",
    "actor_spans",
    "load_actors",
    "load_agents",
    "load_kb",
    "load_kb_for",
    "load_tabari_actors",
    "load_tabari_agents",
    "resolve_mentions",
]
