"""`export -o` writes into what it is pointed at: a regular file is replaced atomically, the
output itself, a device or a FIFO is written into and never replaced; anything else is one
error line."""

from __future__ import annotations

import os
import stat
import subprocess
import threading

from conftest import run_publist


def export(library, *args, **kwargs):
    return run_publist("--library", library, "export", "-f", "txt", *args, **kwargs)


def test_dev_stdout_appends_to_the_shells_file(library, tmp_path):
    log = tmp_path / "log"
    log.write_text("kept line\n")
    command = f'publist --library "{library}" export -f txt -o /dev/stdout >> "{log}"'
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.startswith("kept line\nConference Publications\n")
    assert not list(tmp_path.glob(".log.*"))


def test_dash_is_stdout(library):
    done = export(library, "-o", "-", cwd=library.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Conference Publications")
    assert not (library.parent / "-").exists()


def test_a_fifo_is_written_into_and_stays_a_fifo(library, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = export(library, "-o", fifo)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b"Conference Publications")


def device(tmp_path, name: str, minor: int):
    """A private copy of a memory device (1, minor) as root, so no test can replace the
    machine's own; the machine's device otherwise (which a user cannot replace anyway)."""
    if os.geteuid() != 0:
        return f"/dev/{name}"
    node = tmp_path / name
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return node


def test_a_full_device_is_one_error_line_and_stays_a_device(library, tmp_path):
    full = device(tmp_path, "full", 7)
    done = export(library, "-o", full)
    assert done.returncode == 1
    assert done.stderr == f"Error: cannot write {full}: the disk is full\n"
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_a_device_node_is_written_into_never_replaced(library, tmp_path):
    null = device(tmp_path, "null", 3)
    done = export(library, "-o", null)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert os.lstat(null).st_rdev == os.makedev(1, 3)


def test_folders_and_sockets_are_refused_in_one_line(library, tmp_path):
    import socket

    folder = export(library, "-o", tmp_path)
    assert (
        folder.returncode == 1
        and folder.stderr == f"Error: cannot write {tmp_path}: it is a folder\n"
    )
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        done = export(library, "-o", path)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: cannot write {path}: it is neither")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_regular_file_is_still_replaced_atomically(library, tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    done = export(library, "-o", target)
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith("Conference Publications")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
