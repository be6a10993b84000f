"""OS-level containment of student code: its own user, its own folder, one unit to kill.

The judge (:mod:`civicdata.grading.judge`) keeps student code out of the
process that scores; this module keeps it away from everything else:

- **a sandbox tree** per grading run (:class:`Tree`): a temporary folder
  (0711) holding a read-only copy of what a child needs, the ``civicdata``
  package and a minimal checkout of the dataset (records and seeds), and no
  ``exercises/`` folder: no checks, no solutions, no manifest. The zygote
  imports the package and loads the dataset from that copy. Each exercise
  gets a work folder (0700) beside it with a copy of the student's files;
- **a user of its own** per exercise when the grader runs as root
  (Gradescope, containers, CI): uids from :data:`FIRST_UID` up, one per
  exercise, skipping any uid that owns a process and reserved across
  graders with a lock file. That user owns nothing but its work folder, so
  it can write neither the grader's files nor ``results/``; it cannot signal
  or ptrace the grader;
- **Landlock** (Linux 5.13+, through ``ctypes``), with or without root:
  reads only the tree's copy, the Python installation and the system's
  libraries, writes only the work folder, no ``/proc`` (so no
  ``/proc/<pid>/fd`` of another process), no TCP; from ABI 6 no signal and
  no abstract unix socket outside its own domain;
- ``PR_SET_NO_NEW_PRIVS`` and ``PR_SET_DUMPABLE=0`` in every child (and the
  grader and zygote are non-dumpable too: nobody opens their ``/proc`` files);
- **no socket, System V IPC object or key, no renaming** (seccomp, x86-64 and
  arm64): Landlock governs files, so ``socket()``, ``socketpair()``, io_uring,
  every System V call, the key calls and ``sethostname`` fail
  (:func:`refuse_channels`): no D-Bus, ssh-agent or ``docker.sock`` of the
  grading user's, and no channel between two children;
- a root child without a user of its own gives up every capability
  (:func:`drop_capabilities`);
- **containment as a unit** (:class:`Unit`): ``RLIMIT_NPROC`` per user, a
  cgroup (v1 or v2: memory and process count for the whole exercise) where
  the machine allows one, and at the end every process of that user is
  killed, whatever its session or parent (:func:`kill_user`).

Without root (a student's laptop) the same code runs without the user
switch or the cgroup; ``civicdata grade -v`` says which parts ran.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import os
import re
import resource
import shutil
import site
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files_io import own_folder

FIRST_UID = 61000
UID_RANGE = 4000
NPROC = 256  # tasks (processes and threads) one exercise's user may have
CGROUP_MEMORY = 1 << 30  # the whole exercise, every process together
CGROUP_PIDS = 256
KILL_SECONDS = 5.0
LOCKS = Path("/run/civicdata-grade-uids")

PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def prctl(option: int, value: int) -> bool:
    """``prctl(option, value)``; False where it is not available (not Linux)."""
    try:
        return _libc().prctl(option, ctypes.c_ulong(value), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


# --- seccomp: no channel out of the sandbox or between children ---------------------

PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_X32_SYSCALL_BIT = 0x40000000
# The audit arch of the machines the grader runs on, and the system calls a child is
# refused there. Each is a way for two children (the hidden checks' and a public
# one's, or a later shrink round's) to hand each other what they were asked, or out
# of the sandbox, that Landlock does not govern:
# - socket, socketpair; io_uring's setup, enter and register (an io_uring makes and
#   connects sockets without socket());
# - System V IPC (message queues, semaphores, shared memory): its objects outlive
#   their processes, and without a user of its own nobody removes them;
# - the kernel's keyrings (add_key, request_key, keyctl);
# - sethostname and setdomainname (a root child without a user switch could rename).
_REFUSED_CALLS = {
    "x86_64": (
        0xC000003E,
        (
            *(41, 53, 425, 426, 427),  # socket, socketpair, io_uring_*
            *(29, 30, 31, 64, 65, 66, 67, 68, 69, 70, 71, 220),  # shm*, sem*, msg*, semtimedop
            *(248, 249, 250, 170, 171),  # keys, sethostname, setdomainname
        ),
    ),
    "aarch64": (
        0xC00000B7,
        (
            *(198, 199, 425, 426, 427),
            *(186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197),  # msg*, sem*, shm*
            *(217, 218, 219, 161, 162),
        ),
    ),
}


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def refuse_channels() -> bool:
    """From here on this process and its children make no socket, System V IPC object or
    key, and rename nothing; True if in force.

    A child needs none of them (its answers go over pipes), and each is a channel
    Landlock does not close: connecting to a socket file (a D-Bus session, an
    ssh-agent, ``docker.sock`` the grading user may use); UDP between two children
    running at once, or a message queue or a key one leaves for a later one (the
    hidden checks' child could hand its inputs to a public child, which shows them
    where the student reads). A seccomp filter fails the calls of
    :data:`_REFUSED_CALLS` with EACCES, and every system call of another ABI (i386's,
    x32's: ways around a filter written for this one). Needs ``no_new_privs`` first;
    False where seccomp, this machine's system call numbers or a 64-bit Python are
    missing.
    """
    import platform
    import struct

    known = _REFUSED_CALLS.get(platform.machine())
    if known is None or not sys.platform.startswith("linux") or struct.calcsize("P") != 8:
        return False  # a 32-bit Python on a 64-bit kernel would need i386's numbers
    arch, refused = known
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, JMP|JEQ|K, JMP|JGE|K, RET|K
    count = len(refused)
    program = [  # (code, jump if true, jump if false, k); jumps skip that many steps
        (ld, 0, 0, 4),  # the system call's ABI
        (jeq, 1, 0, arch),  # this machine's: skip the next step
        (ret, 0, 0, _RET_ERRNO | errno.ENOSYS),  # another ABI: no
        (ld, 0, 0, 0),  # the system call's number
        (jge, count, 0, _X32_SYSCALL_BIT),  # x32's numbers: to the refusal
        # each refused number jumps to the refusal, the last one's miss to the allow
        *[(jeq, count - 1 - i, 0 if i < count - 1 else 1, nr) for i, nr in enumerate(refused)],
        (ret, 0, 0, _RET_ERRNO | errno.EACCES),
        (ret, 0, 0, _RET_ALLOW),
    ]
    filters = (_SockFilter * len(program))(*[_SockFilter(*step) for step in program])
    fprog = _SockFprog(len(program), filters)
    try:
        done = _libc().prctl(
            PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog), 0, 0
        )
    except (OSError, AttributeError):
        return False
    return done == 0


PR_CAPBSET_DROP = 24
_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def drop_capabilities() -> bool:
    """Give up every capability, for good: root's uid without root's powers; True if done.

    A child of a grader run as root without a user of its own (no Python other users
    may read, on a kernel with Landlock) kept every capability: it could load a
    kernel module, mount, rename the machine, chown what it liked. The bounding set
    is emptied first (no exec regains one), then the effective, permitted and
    inheritable sets.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
        for capability in range(64):
            if libc.prctl(PR_CAPBSET_DROP, ctypes.c_ulong(capability), 0, 0, 0) != 0:
                if ctypes.get_errno() == errno.EINVAL:  # past the kernel's last capability
                    break
                return False
        header = _CapHeader(_CAPABILITY_VERSION_3, 0)
        return libc.capset(ctypes.byref(header), (_CapData * 2)()) == 0
    except (OSError, AttributeError):
        return False


def non_dumpable() -> bool:
    """No core dumps, and ``/proc/<pid>/fd|mem|environ`` belong to root from now on."""
    return prctl(PR_SET_DUMPABLE, 0)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --- Landlock -----------------------------------------------------------------------

_CREATE, _ADD_RULE, _RESTRICT = 444, 445, 446  # the same numbers on every architecture
_VERSION = 1
_PATH_BENEATH = 1
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
TRUNCATE, IOCTL_DEV = 1 << 14, 1 << 15
READ = EXECUTE | READ_FILE | READ_DIR
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _syscall(number: int, *args: Any) -> int:
    libc = _libc()
    result = libc.syscall(ctypes.c_long(number), *args)
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return result


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 where there is none (or not Linux)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        return _syscall(_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION))
    except (OSError, AttributeError):
        return 0


def _fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1  # ABI 1: execute ... make_sym
    if abi >= 2:
        rights |= 1 << 13  # refer
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def landlock(reads: list[str], writes: list[str], devices: dict[str, int]) -> int:
    """Restrict this process and its future children; the ABI applied (0: none).

    Call after ``PR_SET_NO_NEW_PRIVS``. Paths that do not exist are skipped.
    """
    abi = landlock_abi()
    if abi < 1:
        return 0
    handled = _fs_rights(abi)
    attr = _RulesetAttr(handled, 0, 0)
    size = 8
    if abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP  # no TCP at all
        size = 16
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
    ruleset = _syscall(_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    try:
        rules = [(path, READ) for path in reads]
        rules += [(path, handled) for path in writes]
        rules += list(devices.items())
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                directory = stat.S_ISDIR(os.fstat(fd).st_mode)
                allowed = rights & handled & (handled if directory else FILE_RIGHTS)
                rule = _PathBeneath(allowed, fd)
                _syscall(
                    _ADD_RULE,
                    ctypes.c_int(ruleset),
                    ctypes.c_int(_PATH_BENEATH),
                    ctypes.byref(rule),
                    ctypes.c_uint32(0),
                )
            finally:
                os.close(fd)
        _syscall(_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    return abi


DEVICES = {
    "/dev/null": READ_FILE | WRITE_FILE | TRUNCATE,
    "/dev/zero": READ_FILE,
    "/dev/urandom": READ_FILE,
    "/dev/random": READ_FILE,
}
SYSTEM_READS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc")


def read_paths(copy: Path, keep_out: list[Path]) -> list[str]:
    """What a child may read: the tree's copy, the Python installation, the system.

    A path that holds one of ``keep_out`` (the graded checkout, the grader's
    own package) is left out, so a virtual environment made inside a
    checkout never opens that checkout to the child.
    """
    found: list[str] = [str(copy)]
    python = [sys.prefix, sys.base_prefix, sys.exec_prefix, *import_paths()]
    python.append(os.path.dirname(os.path.realpath(sys.executable)))
    outside = [Path(os.path.realpath(path)) for path in keep_out]
    for path in [*python, *SYSTEM_READS]:
        real = Path(os.path.realpath(path))
        if any(real == other or real in other.parents for other in outside):
            continue
        if str(real) not in found and os.path.exists(real):
            found.append(str(real))
    return found


# --- users ------------------------------------------------------------------------


def open_to_others(path: str | Path) -> bool:
    """Whether a user who is not its owner can reach and read ``path``."""
    try:
        real = Path(os.path.realpath(path))
        for folder in [*reversed(real.parents), real]:
            info = folder.stat()
            if stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o001:
                return False
        return bool(real.stat().st_mode & 0o004)
    except OSError:
        return False


def import_paths() -> list[str]:
    """The grader's site-packages (venv, system, ``PYTHONPATH``), which a child needs too.

    Children run ``python -I`` (no ``PYTHONPATH``, no user site), so they get
    these explicitly; the checkout itself is never among them.
    """
    found: list[str] = []
    for path in [*site.getsitepackages(), *sys.path]:
        named = path and Path(path).name in {"site-packages", "dist-packages"}
        if named and Path(path).is_dir() and path not in found:
            found.append(path)
    return found


def interpreter() -> str | None:
    """The Python that children run as another user.

    The grader's own interpreter when other users can read it (``/usr``, a
    virtual environment in a shared folder). When it lives in a private home
    (``pyenv`` or ``uv`` under ``/root``), the system's Python of the same
    version (the grader's site-packages are added to its path). None: no
    interpreter an unprivileged user could run (no user switch then).
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    if not all(open_to_others(path) for path in import_paths()):
        return None
    stdlib = Path(sys.base_prefix) / "lib" / version
    if open_to_others(sys.executable) and open_to_others(stdlib):
        return sys.executable
    for folder in ("/usr/bin", "/usr/local/bin"):
        candidate = Path(folder) / version
        library = Path(os.path.realpath(candidate)).parent.parent / "lib" / version
        if open_to_others(candidate) and open_to_others(library):
            return str(candidate)
    return None


_STATE = re.compile(rb"^State:[ \t]*(\S)", re.MULTILINE)
_UIDS = re.compile(rb"^Uid:[ \t]*([^\n]*)", re.MULTILINE)


def _status(pid: str) -> tuple[str, list[str]]:
    """The state letter and the user ids (real, effective, saved, file system) in
    ``/proc/<pid>/status``; the last line of each, as a parse into a dict kept it.

    Two anchored searches in the bytes: a sweep reads the status of every process
    of the machine, after every exercise, and parsing its fifty-odd lines into a
    dict cost 2-3 times as much."""
    with open(f"/proc/{pid}/status", "rb") as handle:
        data = handle.read()
    states = _STATE.findall(data)
    uids = _UIDS.findall(data)
    state = states[-1].decode("ascii", "replace") if states else ""
    return state, uids[-1].decode("ascii", "replace").split() if uids else []


def _pids() -> list[str]:
    try:
        return [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return []


def processes_of(uid: int) -> list[int]:
    """Live (not zombie) processes whose real, effective or saved user is ``uid``."""
    found = []
    for pid in _pids():
        try:
            state, users = _status(pid)
        except OSError:
            continue
        if str(uid) in users[:3] and not state.startswith(("Z", "X")):
            found.append(int(pid))
    return found


def _used_uids() -> set[int]:
    used: set[int] = set()
    for pid in _pids():
        with contextlib.suppress(OSError, ValueError):
            used.update(int(uid) for uid in _status(pid)[1])
    return used


class Users:
    """Unprivileged uids for exercises, one each, reserved until :meth:`close`.

    A uid that owns a process is skipped; a lock file (``flock``) per uid
    keeps two graders on one machine from sharing one.
    """

    def __init__(self, python: str) -> None:
        self.python = python  # what the exercise users run (the kill helper too)
        self.held: dict[int, int] = {}  # uid -> lock file descriptor
        self.next = FIRST_UID
        self.used = _used_uids()

    def _lock_folder(self) -> Path:
        folder = LOCKS if Path("/run").is_dir() else Path(tempfile.gettempdir()) / LOCKS.name
        if not own_folder(folder, 0):
            raise OSError(f"{folder} is not a folder only root can write")
        return folder

    def take(self) -> int:
        folder = self._lock_folder()
        while self.next < FIRST_UID + UID_RANGE:
            uid = self.next
            self.next += 1
            if uid in self.used:
                continue
            fd = os.open(folder / str(uid), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            if processes_of(uid):  # taken between the scan and the lock
                os.close(fd)
                continue
            self.held[uid] = fd
            return uid
        raise OSError("no free uid left for the grader's children")

    def close(self) -> None:
        for fd in self.held.values():
            os.close(fd)
        self.held.clear()


# Runs as the exercise's user only: kill(-1) reaches every process that user may
# signal. It checks its own uid first, since as root kill(-1) would reach every
# process of the machine.
KILLER = """
import os, sys
low, high = int(sys.argv[1]), int(sys.argv[2])
uid = os.getuid()
if uid == 0 or os.geteuid() == 0 or not low <= uid < high or os.geteuid() != uid:
    sys.exit(3)
for _ in range(1000):
    try:
        os.kill(-1, 9)
    except (ProcessLookupError, PermissionError):
        break
"""


def _exercise_uid(uid: int) -> bool:
    return uid != 0 and FIRST_UID <= uid < FIRST_UID + UID_RANGE


def kill_user(uid: int, python: str = sys.executable) -> bool:
    """Kill every process of ``uid``, whatever its session or parent; True when none is left.

    A helper running as ``uid`` calls ``kill(-1, SIGKILL)``, which reaches
    every process of that user at once (a process with a pending SIGKILL can
    no longer fork); then, as root, whatever a scan of ``/proc`` still finds.
    """
    if not _exercise_uid(uid):  # never for a user that is not an exercise's own
        raise ValueError(f"uid {uid} is not an exercise user")
    if not processes_of(uid):
        return True  # the usual end: nothing was left behind
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            [python, "-I", "-S", "-c", KILLER, str(FIRST_UID), str(FIRST_UID + UID_RANGE)],
            user=uid,
            group=uid,
            extra_groups=[],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd="/",
            env={},
            timeout=KILL_SECONDS,
            check=False,
        )
    deadline = time.monotonic() + KILL_SECONDS
    while time.monotonic() < deadline:
        left = processes_of(uid)
        if not left:
            return True
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, 9)
        time.sleep(0.005)
    return not processes_of(uid)


# System V IPC objects (shared memory, semaphores, message queues) outlive every
# process: Landlock does not cover them and no cgroup frees them, so a segment an
# exercise filled would hold its memory (a GiB each) until the machine restarts.
_IPC_RMID = 0
_SYSVIPC = {"shm": ("shmid", "shmctl"), "sem": ("semid", "semctl"), "msg": ("msqid", "msgctl")}


def ipc_of(uid: int) -> list[tuple[str, int]]:
    """The (kind, id) of every System V IPC object ``uid`` owns or created."""
    found = []
    for kind, (column, _) in _SYSVIPC.items():
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        if not lines:
            continue
        names = lines[0].split()
        for line in lines[1:]:
            row = dict(zip(names, line.split(), strict=False))
            if str(uid) in (row.get("uid"), row.get("cuid")) and row.get(column, "").isdigit():
                found.append((kind, int(row[column])))
    return found


def remove_ipc(uid: int) -> bool:
    """Remove every System V IPC object of an exercise's user; True when none is left."""
    if not _exercise_uid(uid):
        raise ValueError(f"uid {uid} is not an exercise user")
    found = ipc_of(uid)
    if found:
        libc = _libc()
        for kind, number in found:
            control = getattr(libc, _SYSVIPC[kind][1])
            if kind == "sem":
                control(ctypes.c_int(number), ctypes.c_int(0), ctypes.c_int(_IPC_RMID))
            else:
                control(ctypes.c_int(number), ctypes.c_int(_IPC_RMID), None)
    return not ipc_of(uid)


# --- cgroups ----------------------------------------------------------------------

CGROUP_ROOT = Path("/sys/fs/cgroup")


class Cgroup:
    """One exercise's cgroup (v1: memory and pids hierarchies; v2: one folder)."""

    def __init__(self, folders: list[Path], version: int) -> None:
        self.folders = folders
        self.version = version

    @property
    def procs(self) -> list[str]:
        """The files a child writes its pid into to join."""
        return [str(folder / "cgroup.procs") for folder in self.folders]

    @classmethod
    def create(cls, name: str) -> Cgroup | None:
        """A cgroup limiting the whole exercise, or None where the machine allows none."""
        if not is_root():
            return None
        try:
            if (CGROUP_ROOT / "cgroup.controllers").is_file():
                return cls._create_v2(name)
            if (CGROUP_ROOT / "memory" / "cgroup.procs").is_file() and (
                CGROUP_ROOT / "pids" / "cgroup.procs"
            ).is_file():
                return cls._create_v1(name)
        except OSError:
            return None
        return None

    @classmethod
    def _create_v1(cls, name: str) -> Cgroup:
        memory = CGROUP_ROOT / "memory" / name
        pids = CGROUP_ROOT / "pids" / name
        made = cls([], 1)
        try:
            for folder in (memory, pids):
                folder.mkdir()
                made.folders.append(folder)
            (memory / "memory.limit_in_bytes").write_text(str(CGROUP_MEMORY))
            swap = memory / "memory.memsw.limit_in_bytes"
            with contextlib.suppress(OSError):
                swap.write_text(str(CGROUP_MEMORY))
            (pids / "pids.max").write_text(str(CGROUP_PIDS))
        except OSError:
            made.remove()
            raise
        return made

    @classmethod
    def _create_v2(cls, name: str) -> Cgroup:
        parent = CGROUP_ROOT / "civicdata-grade"
        with contextlib.suppress(OSError):  # the root cgroup may hold processes: allowed there
            (CGROUP_ROOT / "cgroup.subtree_control").write_text("+memory +pids")
        with contextlib.suppress(FileExistsError):
            parent.mkdir()
        (parent / "cgroup.subtree_control").write_text("+memory +pids")
        folder = parent / name
        folder.mkdir()
        made = cls([folder], 2)
        try:
            (folder / "memory.max").write_text(str(CGROUP_MEMORY))
            with contextlib.suppress(OSError):
                (folder / "memory.swap.max").write_text("0")
            (folder / "pids.max").write_text(str(CGROUP_PIDS))
        except OSError:
            made.remove()
            raise
        return made

    def kill(self) -> None:
        if self.version == 2:
            with contextlib.suppress(OSError):
                (self.folders[0] / "cgroup.kill").write_text("1")
        for procs in self.procs:
            with contextlib.suppress(OSError, ValueError):
                for pid in Path(procs).read_text().split():
                    with contextlib.suppress(OSError):
                        os.kill(int(pid), 9)

    def remove(self) -> None:
        deadline = time.monotonic() + 2
        for folder in reversed(self.folders):
            while True:
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    self.kill()
                    time.sleep(0.01)


# --- the tree and the units -------------------------------------------------------

_PACKAGE_FILES = (".py", ".pyc", ".sql", ".yaml")


def _package_ignore(folder: str, names: list[str]) -> set[str]:
    ignored = set()
    for name in names:
        path = Path(folder) / name
        if path.is_symlink():
            ignored.add(name)
        elif path.is_dir():
            if name in {"data", "seeds", "autograder", "theme"} and Path(folder).name in {
                "civicdata",
                "grading",
                "site",
            }:
                ignored.add(name)
        elif not name.endswith(_PACKAGE_FILES):
            ignored.add(name)
    return ignored


def _read_only(top: Path) -> None:
    for folder, dirs, files in os.walk(top):
        for name in files:
            os.chmod(os.path.join(folder, name), 0o444)
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o555)
    os.chmod(top, 0o555)


def _open_up(folder: str) -> None:
    """Make ``folder`` ours to empty (0o700), never through a link.

    ``os.chmod(follow_symlinks=False)`` does not exist on Linux (it raised
    NotImplementedError, and a child's link to a folder voided its exercise);
    checking for a link first would race with a child swapping one in. The
    folder is opened as a path (``O_PATH | O_NOFOLLOW | O_DIRECTORY`` fails on
    a link) and changed through ``/proc/self/fd``, which names what was opened.
    """
    try:
        handle = os.open(folder, os.O_PATH | os.O_NOFOLLOW | os.O_DIRECTORY)
    except OSError:  # a link, a file, or gone
        return
    try:
        with contextlib.suppress(OSError):
            os.chmod(f"/proc/self/fd/{handle}", 0o700)
    finally:
        os.close(handle)


def remove(path: Path) -> None:
    """Remove a folder this module made, read-only parts included; links are removed,
    never followed."""
    if not path.exists():
        return
    for folder, dirs, _ in os.walk(path):
        for name in dirs:
            _open_up(os.path.join(folder, name))
    _open_up(str(path))
    shutil.rmtree(path, ignore_errors=True)


def _compiled(package: Path) -> None:
    """Bytecode beside the package's sources, so the read-only copy imports without compiling.

    Once per change of a source file (``compileall`` skips what is current);
    where the package cannot be written (an installed wheel), nothing.
    """
    import compileall

    with contextlib.suppress(OSError):
        compileall.compile_dir(package, quiet=2, workers=1)


def _entries(top: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """Every entry under ``top`` with its ``lstat``, links not followed, in a fixed order."""
    stack = [top]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as items:
            found = sorted(items, key=lambda item: item.name)
        for item in found:
            info = item.stat(follow_symlinks=False)
            yield Path(item.path), info
            if stat.S_ISDIR(info.st_mode):
                stack.append(Path(item.path))


DIGEST_BYTES = 64 << 20  # a dataset larger than this is never compared, so never reused


def content_digest(base: Path) -> str | None:
    """What a zygote loads from ``base`` (a checkout or a tree's copy): the name and the
    bytes of every file under ``civicdata/data`` and ``seeds``.

    None when anything there is neither a folder nor a regular file (a link, a FIFO),
    when it cannot be read, or past :data:`DIGEST_BYTES`: the run of such a checkout
    is never reused (:func:`civicdata.grading.judge.close_kept`).
    """
    digest = hashlib.sha256()
    total = 0
    try:
        for top in (base / "civicdata" / "data", base / "seeds"):
            digest.update(b"top\0" + str(top.relative_to(base)).encode() + b"\0")
            for path, info in _entries(top):
                name = str(path.relative_to(base)).encode("utf-8", "surrogateescape")
                if stat.S_ISDIR(info.st_mode):
                    digest.update(b"d\0" + name + b"\0")
                    continue
                total += info.st_size
                if not stat.S_ISREG(info.st_mode) or total > DIGEST_BYTES:
                    return None
                with open(path, "rb", opener=_no_follow) as file:
                    data = file.read(info.st_size + 1)
                digest.update(b"f\0" + name + b"\0" + str(len(data)).encode() + b"\0" + data)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


def package_stamp(package: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each file a :class:`Tree` copies of ``package``:
    changes when its source is edited between two runs of one process."""
    stamps = []
    for folder, dirs, files in os.walk(package):
        skipped = _package_ignore(folder, [*dirs, *files])
        dirs[:] = sorted(name for name in dirs if name not in skipped)
        for name in sorted(files):
            if name not in skipped:
                info = os.lstat(os.path.join(folder, name))
                rel = os.path.relpath(os.path.join(folder, name), package)
                stamps.append((rel, info.st_size, info.st_mtime_ns))
    return tuple(stamps)


def _seal(top: Path) -> tuple[tuple[str, int, int, int, int], ...]:
    """Each entry's name, mode, inode, size and change time: a write, a chmod, a rename or
    a replacement changes one of them (the change time cannot be set back)."""
    return tuple(
        (str(path.relative_to(top)), info.st_mode, info.st_ino, info.st_size, info.st_ctime_ns)
        for path, info in _entries(top)
    )


class Tree:
    """A grading run's sandbox: ``copy/`` (read-only package and dataset) and work folders.

    ``data_digest`` (:func:`content_digest` of the copy) and ``package`` (the
    :func:`package_stamp` of the source it was copied from) say what a zygote
    started from it holds; :meth:`intact` tells whether the copy changed since it
    was made (see :func:`civicdata.grading.judge.close_kept`).
    """

    def __init__(self, root: Path, package: Path) -> None:
        self.top = Path(tempfile.mkdtemp(prefix="civicdata-sandbox-"))
        os.chmod(self.top, 0o711)
        self.copy = self.top / "copy"
        _compiled(package / "civicdata")
        self.package = package_stamp(package / "civicdata")
        try:
            shutil.copytree(
                package / "civicdata",
                self.copy / "civicdata",
                ignore=_package_ignore,
                symlinks=False,
            )
            shutil.copytree(root / "civicdata" / "data", self.copy / "civicdata" / "data")
            shutil.copytree(root / "seeds", self.copy / "seeds")
            _read_only(self.copy)
            self.data_digest = content_digest(self.copy)
            self.sealed = _seal(self.copy)  # as made, before any zygote or child ran
        except BaseException:
            remove(self.top)
            raise
        self.count = 0

    def intact(self) -> bool:
        """Whether the copy is as it was made (a child of any run since may have tried)."""
        try:
            return _seal(self.copy) == self.sealed
        except OSError:
            return False

    def work_folder(self, owner: int | None) -> Path:
        """A new, empty folder (0700) for one exercise, owned by its user."""
        self.count += 1
        folder = self.top / f"work-{self.count}"
        folder.mkdir(mode=0o700)
        if owner is not None:
            os.chown(folder, owner, owner)
        return folder

    def close(self) -> None:
        remove(self.top)


@dataclass(frozen=True)
class Containment:
    """What contained the children of a grading run, as ``civicdata grade -v`` says it."""

    uid_switch: bool
    landlock_abi: int
    cgroup: int  # 0: none, 1 or 2: the cgroup version
    pid_namespace: bool = False
    why_no_switch: str = "not run as root"

    def describe(self) -> str:
        user = "yes (one user per exercise)" if self.uid_switch else f"no ({self.why_no_switch})"
        landlock = f"ABI {self.landlock_abi}" if self.landlock_abi else "not available"
        cgroup = f"v{self.cgroup}" if self.cgroup else "none"
        return (
            f"containment: uid switch {user}; Landlock {landlock}; "
            f"cgroup {cgroup}; pid namespace {'yes' if self.pid_namespace else 'no'}"
        )


class Unit:
    """One exercise's containment: its user, its cgroup, its work folder."""

    def __init__(self, tree: Tree, users: Users | None, name: str) -> None:
        self.users = users
        self.uid = users.take() if users is not None else None
        self.cgroup = (
            Cgroup.create(f"civicdata-{os.getpid()}-{self.uid}") if self.uid is not None else None
        )
        self.tree = tree
        self.work: Path | None = None
        self.ended = True  # no process of this unit runs

    def fresh_work(self) -> Path:
        """An empty work folder (the previous one, if any, is removed first)."""
        if self.work is not None:
            remove(self.work)
        self.work = self.tree.work_folder(self.uid)
        self.ended = False
        return self.work

    def spec(self, keep_out: list[Path]) -> dict[str, Any]:
        """What the child applies to itself before the student's code (:func:`confine`)."""
        assert self.work is not None
        reads = read_paths(self.tree.copy, keep_out)
        return {
            "uid": self.uid,
            "cgroup": self.cgroup.procs if self.cgroup else [],
            "reads": reads,
            "writes": [str(self.work)],
            "hide": hidden_paths(keep_out) if self.uid is not None else [],
            "keep": [str(self.tree.top), *reads],
        }

    def end(self) -> bool:
        """Kill every process of this exercise; True if none is left."""
        self.ended = True
        if self.cgroup is not None:
            self.cgroup.kill()
        if self.uid is None:
            return True
        assert self.users is not None
        gone = kill_user(self.uid, self.users.python)
        remove_ipc(self.uid)
        return gone

    def close(self) -> None:
        if not self.ended:
            self.end()
        if self.cgroup is not None:
            self.cgroup.remove()
        if self.work is not None:
            remove(self.work)


CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REC, MS_PRIVATE = 0x4000, 1 << 18


def hidden_paths(keep_out: list[Path]) -> list[str]:
    """What a child must not see, should Landlock be missing: the checks, the solutions
    and the submitted file's own folder (an instructor's other submissions)."""
    found = []
    for path in keep_out:
        real = Path(os.path.realpath(path))
        for folder in (real / "exercises", real.parent if real.is_file() else real):
            if folder.is_dir() and folder != Path("/") and str(folder) not in found:
                found.append(str(folder))
    return found


def hide(paths: list[str], keep: list[str]) -> list[str]:
    """As root: an empty, read-only tmpfs over each of ``paths`` in a mount namespace of
    this process's own; the paths it hid ([] where namespaces are not allowed).

    Landlock keeps a child out of the checkout where the kernel has it; where it
    has not, the exercise's user could read every world-readable check and
    solution of a checkout graded as root. A path that holds something the child
    needs (``keep``: the sandbox tree, the Python installation) is left alone.
    The child cannot unmount these once it is not root (a user namespace it made
    could not either: mounts it inherits are locked).
    """
    libc = _libc()
    if not paths or libc.unshare(ctypes.c_int(CLONE_NEWNS)) != 0:
        return []
    if libc.mount(b"none", b"/", None, ctypes.c_ulong(MS_REC | MS_PRIVATE), None) != 0:
        return []
    kept = [os.path.realpath(path) for path in keep]
    done = []
    for path in paths:
        real = os.path.realpath(path)
        if any(other == real or other.startswith(real.rstrip("/") + "/") for other in kept):
            continue
        flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
        options = b"size=4k,mode=000"
        if libc.mount(b"hidden", real.encode(), b"tmpfs", ctypes.c_ulong(flags), options) == 0:
            done.append(real)
    return done


def set_limits(limits: dict[str, int], nproc: bool) -> None:
    """The child's resource limits; ``nproc`` only where the user is the exercise's own."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime + limits["cpu_seconds"]) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = limits["memory_bytes"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    size = limits["file_bytes"]
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if nproc:
        resource.setrlimit(resource.RLIMIT_NPROC, (NPROC, NPROC))


def confine(spec: dict[str, Any], limits: dict[str, int]) -> dict[str, Any]:
    """In the child, before any student code: the cgroup, limits, user, no socket
    (seccomp), Landlock.

    Raises OSError if a step that was asked for fails: the student's code
    must then not run at all.
    """
    for procs in spec.get("cgroup", []):
        with open(procs, "w") as handle:
            handle.write(str(os.getpid()))
    uid = spec.get("uid")
    hidden = hide(spec.get("hide", []), spec.get("keep", [])) if uid is not None else []
    set_limits(limits, nproc=uid is not None)
    if uid is not None:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        if os.getuid() != uid or os.geteuid() != uid:
            raise OSError(errno.EPERM, "the user switch did not hold")
    if not prctl(PR_SET_NO_NEW_PRIVS, 1) and sys.platform.startswith("linux"):
        raise OSError(errno.EPERM, "PR_SET_NO_NEW_PRIVS failed")
    non_dumpable()
    # Root without a user of its own: keep the uid (its Python may lie in root's home),
    # give up the powers.
    powerless = drop_capabilities() if uid is None and os.geteuid() == 0 else None
    no_channels = refuse_channels()
    abi = landlock(spec.get("reads", []), spec.get("writes", []), DEVICES)
    return {
        "uid": uid is not None,
        "landlock": abi,
        "cgroup": bool(spec.get("cgroup")),
        "hidden": len(hidden),
        "no_channels": no_channels,
        "no_capabilities": powerless,
    }


def become_subreaper() -> None:
    """Orphans of this process's descendants become its children (Linux; elsewhere nothing)."""
    prctl(PR_SET_CHILD_SUBREAPER, 1)


def process_state(pid: int) -> str | None:
    """The state letter of ``/proc/<pid>/stat`` (R, S, T, Z, ...), None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0].decode()
    except (OSError, IndexError):
        return None


def stopped(pid: int) -> bool:
    """Stopped (SIGSTOP, a tracer) or dead but not reaped: it will never answer."""
    return process_state(pid) in {"T", "t", "Z", "X"}
