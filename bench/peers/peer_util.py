"""Shared by the Python peers (on sys.path as the scripts' own directory)."""


def self_hwm_kb():
    """This process's peak RSS in kB (VmHWM). getrusage's ru_maxrss is not
    used: Linux carries the forking parent's peak over exec."""
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return 0
