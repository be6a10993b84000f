"""The suite's own temporary folder (tests/conftest.py): tmpfs where usable, never a
folder or link someone else put in the shared /dev/shm."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import _shared_folder, memory_backed


def test_a_new_folder_is_made_as_tmp_is_and_accepted_again(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    assert _shared_folder(folder)
    assert oct(folder.stat().st_mode & 0o7777) == oct(0o1777)
    assert _shared_folder(folder)  # the next run finds it as it was made


@pytest.mark.parametrize("planted", ["link", "file", "private folder"])
def test_anything_else_at_its_name_is_left_alone_and_not_used(tmp_path: Path, planted) -> None:
    folder = tmp_path / "shared"
    if planted == "link":
        (tmp_path / "elsewhere").mkdir(mode=0o777)
        (tmp_path / "elsewhere").chmod(0o1777)
        folder.symlink_to(tmp_path / "elsewhere")
    elif planted == "file":
        folder.write_text("not a folder\n")
    else:
        folder.mkdir(mode=0o700)
    before = os.lstat(folder)
    assert not _shared_folder(folder)
    after = os.lstat(folder)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_only_a_tmpfs_mount_is_memory_backed(tmp_path: Path) -> None:
    assert not memory_backed(tmp_path)  # a folder inside a mount, not a mount point
    assert not memory_backed(Path("/proc"))  # a mount, but not tmpfs
    assert not memory_backed(tmp_path / "missing")
