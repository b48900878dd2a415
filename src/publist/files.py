"""The disk: reading the library's bytes, atomic writes and the lock (POSIX only).

Every write of publist goes through here: to a temporary file beside the target, fsync,
then a rename over it, so no reader ever sees half a file. The lock is POSIX flock: it
needs Linux, macOS, BSD or WSL, and says so elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from publist.errors import LibraryError, LockTimeout

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_library_bytes(path: Path, missing_ok: bool = False) -> tuple[bytes, bool]:
    """The bytes of a library and whether it exists; a missing file is an error unless
    missing_ok (then it is empty)."""
    try:
        return Path(path).read_bytes(), True
    except FileNotFoundError:
        if not missing_ok:
            raise LibraryError(
                f"no library at {path} (run 'publist init', or pass --library)"
            ) from None
        return b"", False
    except IsADirectoryError:
        raise LibraryError(f"{path} is a folder, not a BibTeX file") from None
    except OSError as error:
        raise LibraryError(f"cannot read {path}: {error.strerror}") from None


def read_text(path: Path) -> str | None:
    """A UTF-8 text file (publist.toml), or None when there is none; OSError and
    UnicodeDecodeError are the caller's to word."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def write_bytes_atomic(path: Path, data: bytes | tuple[bytes, ...], durable: bool = True) -> None:
    """Write to a temporary file beside the target, fsync, then rename over it; data in
    parts is written one after the other (no copy of them joined).

    Not durable (for the cache): no fsync, so a crash may leave a cut file, which a cache
    reader takes for a missing one; the rename still means no reader sees a half-written one.
    Such a file is private (0600) and a link in its place is replaced, never followed: in a
    shared folder someone else may have planted it.
    """
    target = Path(os.path.realpath(path)) if durable else Path(path)
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o7777 if durable else 0o600
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    # The mode bits count even for root: a file made read-only on purpose stays so.
    if durable and target.exists() and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise LibraryError(f"cannot write {path}: the file is read-only")
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            for part in (data,) if isinstance(data, bytes) else data:
                stream.write(part)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if durable:
            _keep_owner(temporary, target)
        os.replace(temporary, target)
        temporary = None
        if durable:
            _fsync_folder(folder)
    except OSError as error:
        reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
        raise LibraryError(f"cannot write {path}: {reason}; the file was left as it was") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _keep_owner(temporary: str, target: Path) -> None:
    """`sudo publist tag` must not leave a user's library owned by root: the new file gets
    the old one's owner and group (only root can give a file away; others keep theirs)."""
    try:
        status = target.stat()
    except FileNotFoundError:
        return
    if (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.chown(temporary, status.st_uid, status.st_gid)


def remove_leftovers(path: Path) -> None:
    """Temporary files of writes killed before their rename (`.library.bib.XXXXXXXX.tmp`).
    Called under the lock: no live publist is writing one, so every one found is left over."""
    target = Path(os.path.realpath(path))
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.tmp")
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_into(path: Path, data: bytes, stdout: int = 1) -> None:
    """Write an export where the user pointed it: a regular file (or a new one) is replaced
    atomically; the output itself (/dev/stdout, a file that is our stdout) gets the
    bytes through its descriptor, so `>> log` still appends; a device or a FIFO is written
    into, never replaced. Anything else is refused."""
    if _same_as(path, stdout):
        _write_all(stdout, data, "the output")
        return
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise LibraryError(f"cannot write {path}: {error.strerror}") from None
    if status is None or stat.S_ISREG(status.st_mode):
        write_bytes_atomic(path, data)
        return
    if stat.S_ISDIR(status.st_mode):
        raise LibraryError(f"cannot write {path}: it is a folder")
    if not (stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode)):
        raise LibraryError(f"cannot write {path}: it is neither a file, a device nor a FIFO")
    try:
        handle = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise LibraryError(f"cannot write {path}: {error.strerror}") from None
    try:
        _write_all(handle, data, str(path))
    finally:
        os.close(handle)


def _same_as(path: Path, descriptor: int) -> bool:
    """The path names the file open on the descriptor (`/dev/stdout`, `/proc/self/fd/1`)."""
    try:
        here, there = os.stat(path), os.fstat(descriptor)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _write_all(descriptor: int, data: bytes, name: str) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as error:
        reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
        raise LibraryError(f"cannot write {name}: {reason}") from None


def create_exclusive(path: Path, text: str) -> bool:
    """Create a file only if it does not exist yet; True when created."""
    try:
        with open(path, "x", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return True
    except FileExistsError:
        return False
    except OSError as error:
        raise LibraryError(f"cannot create {path}: {error.strerror}") from None


def read_own(path: Path) -> bytes | None:
    """A file's bytes only when it is a regular file (never through a link) of this user
    that nobody else can write; None otherwise (for the cache, which may sit in a shared
    folder)."""
    try:
        handle = os.open(path, os.O_RDONLY | _NO_FOLLOW)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_mode & 0o022:
            return None
        if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
            return None
        return stream.read()


def create_private(path: Path, data: bytes) -> bool:
    """Make a file only this user can read (0600), never over an existing one or a link."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)
    except OSError:
        return False
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def lock_file(path: Path) -> Path:
    """The lock of a library: beside the file a symlinked library points to."""
    real = Path(os.path.realpath(path))
    return real.with_name(real.name + ".lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = 30.0) -> Iterator[str]:
    """Hold an exclusive lock for a read-modify-write of the library.

    flock is released by the kernel when a process dies, so a crashed run never
    leaves a lock that blocks the next one. The lock file is removed on release;
    a waiter that then holds a lock on the removed file tries again. Yields a
    notice when it took over a lock file left by a process that died.
    """
    try:
        import fcntl
    except ImportError:  # Windows without WSL
        raise LibraryError(
            "publist locks the library with POSIX flock, which this system lacks; "
            "run it on Linux, macOS or WSL"
        ) from None

    real = Path(os.path.realpath(path))
    lock_path = lock_file(real)
    deadline = time.monotonic() + timeout
    while True:
        left_behind = lock_path.exists()
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT | _NO_FOLLOW, 0o644)
        except OSError as error:
            reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
            raise LibraryError(f"cannot lock {path}: {reason}") from None
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = True
                if time.monotonic() > deadline:
                    os.close(handle)
                    raise LockTimeout(
                        f"{path} is locked by another publist process ({lock_path})"
                    ) from None
                time.sleep(0.02)
        try:
            same = os.fstat(handle).st_ino == os.stat(lock_path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(handle)
    notice = ""
    if left_behind and not waited:
        # Live holders remove the file on release, so one found unlocked was left by a crash.
        owner = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
        notice = f"recovered the lock {lock_path} left by a publist process that stopped" + (
            f" (pid {owner})" if owner else ""
        )
    with contextlib.suppress(OSError):  # the pid is only a note: a full disk may refuse it
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
    remove_leftovers(real)
    try:
        yield notice
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(handle)


def write_output(path: Path, text: str) -> None:
    """Write a file of `publist build` atomically, making its folders first."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryError(f"cannot make the folder of {path}: {error.strerror}") from None
    write_text_atomic(path, text)


def remove_output(path: Path) -> None:
    """Remove a file publist wrote for `publist build`, or the empty folder it was in."""
    try:
        if Path(path).is_dir():
            os.rmdir(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise LibraryError(f"cannot remove {path}: {error.strerror}") from None
