"""Child side of ``quizzes.sandbox.process``: confine this process, then run the trusted program it was given.

Run as ``python -I -B launch.py CPU_SECONDS,MEMORY_MB,OPEN_FILES PROGRAM``. Standard library only, and never
imported by the app: it runs in the child before any learner code exists, so the limits bind everything after it.
Limits are set here rather than in a ``preexec_fn``, which is unsafe in a threaded server such as Streamlit's.

Order matters: read the program, set the limits, load the modules the program needs (NumPy is the one library learner
code gets), leave the network, and only then, if the server runs as root, become ``nobody``, whose view of the file
system may not even include the interpreter's own files. Then forbid new processes and run the program.
"""

import ctypes
import importlib
import os
import resource
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
NOBODY = 65534
NICENESS = 10  # a spinning learner program yields the CPU to the server's own threads
PRELOAD = ("numpy", "json", "base64", "math", "warnings")  # every module the confined programs import


def lower(kind: int, value: int) -> None:
    """Set both the soft and the hard limit to ``value``, or keep a lower hard limit that is already in place."""
    _, hard = resource.getrlimit(kind)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (value, value))


def confine(cpu_seconds: int, memory_mb: int, open_files: int) -> None:
    lower(resource.RLIMIT_CORE, 0)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu_hard = cpu_seconds + 1 if hard == resource.RLIM_INFINITY else min(cpu_seconds + 1, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (min(cpu_seconds, cpu_hard), cpu_hard))  # SIGXCPU, then SIGKILL
    lower(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    lower(resource.RLIMIT_FSIZE, 0)  # writing a byte to any file fails (Python ignores SIGXFSZ: an OSError)
    lower(resource.RLIMIT_NOFILE, open_files)
    lower(resource.RLIMIT_MEMLOCK, 0)
    os.nice(NICENESS)


def leave_network() -> bool:
    """Move into a new network namespace, which holds only a loopback device that is down: no route anywhere.

    Root may do this directly; another user needs a user namespace too, which some kernels or containers forbid
    (Docker's default seccomp profile does). Best effort: without it, the allow-list and the closed import system are
    what keep code from the network. Returns whether it worked.
    """
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    try:
        return ctypes.CDLL(None, use_errno=True).unshare(flags) == 0
    except (AttributeError, OSError):  # a C library without unshare (not Linux)
        return False


def drop_privileges() -> None:
    """As root, become nobody: no reading root's files, no signalling the server. Fails closed (raises) if it can't."""
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


def main() -> None:
    cpu_seconds, memory_mb, open_files = (int(value) for value in sys.argv[1].split(","))
    path = sys.argv[2]
    with open(path, encoding="utf-8") as file:
        program = compile(file.read(), path, "exec")
    confine(cpu_seconds, memory_mb, open_files)
    for module in PRELOAD:
        importlib.import_module(module)
    leave_network()
    drop_privileges()
    lower(resource.RLIMIT_NPROC, 0)  # no fork, no threads (root would ignore this; nobody does not)
    sys.argv = [path]
    exec(program, {"__name__": "__main__", "__file__": path})


if __name__ == "__main__":
    main()
