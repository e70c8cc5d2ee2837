"""Files written whole or not at all: what every export writes through.

Output goes to temporary files beside the targets; they are flushed to disk (so a full disk shows as an
error here, not as a short file later) and renamed onto their targets only when every one of them is
complete. A target may be a new path or a regular file the user can write; a symlink is followed (its
target is replaced, the link stays); a directory, a device, a FIFO or a read-only file is refused before
anything is written. ``-`` is standard output, streamed.
"""

from __future__ import annotations

import os
import stat
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import InputError, StoreError

STDOUT = "-"


def writable_target(path: str | Path) -> Path:
    """The file that writing ``path`` replaces (a symlink resolved), or ``InputError`` saying why not."""
    text = str(path)
    if not text.strip():
        raise InputError("--out '': an empty path; give a file name (or - for standard output)")
    target = Path(os.path.realpath(text))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise InputError(f"{path}: its directory {target.parent} does not exist") from None
        return target
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror or error})") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a directory; give a file name to --out")
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file (a device, FIFO or socket); refusing to replace it")
    # The write bits as well as access(): root may write anything, but a file marked read-only stays so.
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError(f"{path}: is read-only; refusing to replace it")
    return target


@contextmanager
def atomic_outputs(*paths: str | Path, binary: bool = False) -> Iterator[tuple[IO[Any], ...]]:
    """Streams that appear under ``paths`` together, only when the block finishes without error."""
    if STDOUT in (str(p) for p in paths):
        if len(paths) > 1:
            raise InputError("--out -: this format writes more than one file; give a file name")
        try:
            yield (standard_output(binary),)
            standard_output(binary).flush()
        except BrokenPipeError:
            raise  # the reader left (``| head``): click ends quietly
        except OSError as error:
            raise StoreError(f"standard output: cannot write ({error.strerror or error})") from error
        return
    targets = [writable_target(path) for path in paths]
    temporaries = [target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.part") for target in targets]
    current = str(paths[0])
    try:
        with ExitStack() as stack:
            streams = []
            for path, temporary in zip(paths, temporaries, strict=True):
                current = str(path)
                streams.append(stack.enter_context(open_new(temporary, binary)))
            yield tuple(streams)
            for path, stream in zip(paths, streams, strict=True):
                current = str(path)
                stream.flush()
                os.fsync(stream.fileno())
        for path, temporary, target in zip(paths, temporaries, targets, strict=True):
            current = str(path)
            keep_mode(target, temporary)
            os.replace(temporary, target)
    except OSError as error:
        raise StoreError(f"{current}: cannot write ({error.strerror or error})") from error
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


@contextmanager
def atomic_output(path: str | Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A file that appears under ``path`` only when the block finishes without error (see the module)."""
    with atomic_outputs(path, binary=binary) as (stream,):
        yield stream


def open_new(temporary: Path, binary: bool) -> IO[Any]:
    # os.open with 0o666 (not mkstemp's 0o600): the export gets the permissions the umask gives files.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    if binary:
        return os.fdopen(handle, "wb")
    return os.fdopen(handle, "w", encoding="utf-8", newline="")


def keep_mode(target: Path, temporary: Path) -> None:
    """A replaced file keeps its permissions."""
    try:
        os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
    except FileNotFoundError:
        pass


def standard_output(binary: bool) -> IO[Any]:
    return sys.stdout.buffer if binary else sys.stdout
