"""Peer (c): the Python original, bigmultipipe 0.2.0 with numpy, running the
seed's example 2 verbatim (DemoMultiPipe2 with pre_process_list and
post_process_list), over the job's input files.

usage: python bench/peers/py_bmp.py <job.json> <outdir>
"""
import json
import os
import sys
import time

from peer_util import report

t_start = time.perf_counter()
import numpy as np
from bigmultipipe import BigMultiPipe, prune_pout
import_ms = (time.perf_counter() - t_start) * 1e3


def reject(data, reject_value=None, **kwargs):
    """Example pre-processing function to reject data"""
    if reject_value is None:
        return data
    if data[0,0] == reject_value:
        # --> Return data=None to reject data
        return None
    return data

def boost_later(data, boost_target=None, boost_amount=None, **kwargs):
    """Example pre-processing function that shows how to alter kwargs"""
    if boost_target is None or boost_amount is None:
        return data
    if data[0,0] == boost_target:
        add_kwargs = {'need_to_boost_by': boost_amount}
        retval = {'bmp_data': data,
                  'bmp_kwargs': add_kwargs}
        return retval
    return data

def later_booster(data, need_to_boost_by=None, **kwargs):
    """Example post-processing function.  Interprets keyword set by boost_later"""
    if need_to_boost_by is not None:
        data = data + need_to_boost_by
    return data

def median(data, bmp_meta=None, **kwargs):
    """Example metadata generator"""
    median = np.median(data)
    if bmp_meta is not None:
        bmp_meta['median'] = median
    return data

def average(data, bmp_meta=None, **kwargs):
    """Example metadata generator"""
    av = np.average(data)
    local_meta = {'average': av}
    if bmp_meta is not None:
        bmp_meta.update(local_meta)
    return data

class DemoMultiPipe2(BigMultiPipe):

    def file_read(self, in_name, **kwargs):
        data = np.load(in_name)
        return data

    def file_write(self, data, outname, **kwargs):
        np.save(outname, data)
        return outname

    def data_process(self, data, **kwargs):
        return data * 10


if __name__ == '__main__':
    job_path, outdir = sys.argv[1], sys.argv[2]
    with open(job_path) as f:
        job = json.load(f)
    in_names = job['inNames']
    kw = job['kwargs']
    t0 = time.perf_counter()
    dmp = DemoMultiPipe2(pre_process_list=[reject, boost_later],
                         post_process_list=[later_booster, median, average],
                         boost_target=kw['boostTarget'], outdir=outdir)
    pout = dmp.pipeline(in_names, reject_value=kw['rejectValue'],
                        boost_amount=kw['boostAmount'])
    pruned_pout, pruned_in_names = prune_pout(pout, in_names)
    pipeline_ms = (time.perf_counter() - t0) * 1e3
    rows = [[os.path.basename(i), os.path.basename(o), float(m['median']), float(m['average'])]
            for i, (o, m) in zip(pruned_in_names, pruned_pout)]
    report({
        'peer': 'python',
        'importMs': import_ms,
        'pipelineMs': pipeline_ms,
        'pout': rows,
    })
