"""Shared by the Python peers (on sys.path as the scripts' own directory)."""


def self_hwm_kb():
    """This process's peak RSS in kB (VmHWM). getrusage's ru_maxrss is not
    used: Linux carries the forking parent's peak over exec."""
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return 0


def cpu_ms():
    """CPU time (user + system) of this process and its reaped children
    (the pool's workers, once the pool has been closed), in ms."""
    import os
    t = os.times()
    return (t.user + t.system + t.children_user + t.children_system) * 1e3


def report(result):
    """Prints the peer's one result line, with its CPU time and peak RSS."""
    import json
    print('BENCH_RESULT ' + json.dumps({**result, 'cpuMs': cpu_ms(), 'selfHwmKb': self_hwm_kb()}), flush=True)
