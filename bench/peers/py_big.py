"""Reference for the one-big-array workload: numpy's own median, mean and
x*10 on the 1.6 GB array (numpy runs these on one thread).

usage: python bench/peers/py_big.py <job.json> <outdir>
"""
import json
import sys
import time

import numpy as np

from peer_util import self_hwm_kb



job_path = sys.argv[1]
with open(job_path) as f:
    job = json.load(f)
t = time.perf_counter()
a = np.load(job['inNames'][0])
times = {'read': (time.perf_counter() - t) * 1e3}
values = {}
for name, fn in (('median', np.median), ('mean', np.mean)):
    t = time.perf_counter()
    values[name] = float(fn(a))
    times[name] = (time.perf_counter() - t) * 1e3
t = time.perf_counter()
b = a * 10
times['mul'] = (time.perf_counter() - t) * 1e3
values['mul[0,0]'] = float(b[0, 0])
del b
print('BENCH_RESULT ' + json.dumps({
    'peer': 'numpy', 'threads': 1, 'kernelMs': times, 'values': values,
    'pipelineMs': sum(times.values()),
    'selfHwmKb': self_hwm_kb(),
}), flush=True)
