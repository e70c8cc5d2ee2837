"""The exceptions dragoman raises. Each message is one line: the input, the problem, the fix when known."""


class DragomanError(Exception):
    """Base of every error dragoman reports to a user (the CLI exits 2 on these)."""


class InputError(DragomanError):
    """An input file, record or option value cannot be read or is not what was expected."""


class DictionaryError(DragomanError):
    """A dictionary file (actors, agents, verbs, cues, places) has a line that cannot be used."""


class ConfigError(DragomanError):
    """Settings or options that do not fit together."""


class StoreError(DragomanError):
    """The database cannot be opened, read or written."""


class ClusterError(DragomanError):
    """The Dask cluster cannot be started or its scheduler cannot be reached."""
