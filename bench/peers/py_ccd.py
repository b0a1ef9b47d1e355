"""Peer `python` of the ccd-reduce workload (issue 17): bigmultipipe 0.2.0
with astropy and ccdproc, written the way their users write a reduction:
CCDData.read, ccdproc.subtract_overscan, trim_image, subtract_bias,
subtract_dark (scaled by exposure time), flat_correct, a saturation count in
a pre-process function, astropy's sigma_clipped_stats into the metadata, and
a float32 FITS written. The masters are read once, before the pipeline, at
module level (the forked pool workers share them).

usage: python bench/peers/py_ccd.py <job.json> <outdir>
"""
import json
import os
import sys
import time

from peer_util import report

t_start = time.perf_counter()
import numpy as np
from astropy import units as u
from astropy.nddata import CCDData
from astropy.stats import sigma_clipped_stats
import ccdproc
from bigmultipipe import BigMultiPipe, prune_pout
import_ms = (time.perf_counter() - t_start) * 1e3

with open(sys.argv[1]) as f:
    JOB = json.load(f)
CCD = JOB['ccd']
MASTER_BIAS = CCDData.read(JOB['masters']['bias'], unit='adu')
MASTER_DARK = CCDData.read(JOB['masters']['dark'], unit='adu')
MASTER_FLAT = CCDData.read(JOB['masters']['flat'], unit='adu')

# FITS sections (1-based, inclusive, x first) of the job's 0-based column ranges.
OVERSCAN = '[{}:{}, :]'.format(CCD['overscanCols'][0] + 1, CCD['overscanCols'][1])
TRIM = '[{}:{}, :]'.format(CCD['dataCols'][0] + 1, CCD['dataCols'][1])


def count_saturated(ccd, saturation=None, **kwargs):
    """Pre-process: count the saturated pixels of the raw frame."""
    n = int(np.count_nonzero(ccd.data >= saturation))
    return {'bmp_data': ccd, 'bmp_kwargs': {'n_saturated': n}}


def saturation_meta(ccd, bmp_meta=None, n_saturated=None, **kwargs):
    bmp_meta['nsat'] = n_saturated
    return ccd


def clipped_stats(ccd, bmp_meta=None, sigma=3, maxiters=5, **kwargs):
    mean, median, std = sigma_clipped_stats(ccd.data, sigma=sigma, maxiters=maxiters)
    bmp_meta.update({'mean': float(mean), 'median': float(median), 'std': float(std)})
    return ccd


class CCDReduce(BigMultiPipe):

    def file_read(self, in_name, **kwargs):
        return CCDData.read(in_name, unit='adu')

    def file_write(self, ccd, outname, **kwargs):
        ccd.data = ccd.data.astype(np.float32)
        ccd.write(outname, overwrite=True)
        return outname

    def data_process(self, ccd, **kwargs):
        ccd = ccdproc.subtract_overscan(ccd, fits_section=OVERSCAN, median=True, overscan_axis=1)
        ccd = ccdproc.trim_image(ccd, fits_section=TRIM)
        ccd = ccdproc.subtract_bias(ccd, MASTER_BIAS)
        ccd = ccdproc.subtract_dark(ccd, MASTER_DARK, exposure_time='EXPTIME',
                                    exposure_unit=u.second, scale=True)
        ccd = ccdproc.flat_correct(ccd, MASTER_FLAT)
        return ccd


if __name__ == '__main__':
    outdir = sys.argv[2]
    in_names = JOB['inNames']
    t0 = time.perf_counter()
    cmp = CCDReduce(pre_process_list=[count_saturated],
                    post_process_list=[saturation_meta, clipped_stats],
                    process_size=JOB['processSize'], mem_available=JOB['memAvailable'],
                    outdir=outdir, outname_append='_red')
    pout = cmp.pipeline(in_names, saturation=CCD['saturation'],
                        sigma=CCD['sigma'], maxiters=CCD['maxiters'])
    pruned_pout, pruned_in_names = prune_pout(pout, in_names)
    pipeline_ms = (time.perf_counter() - t0) * 1e3
    rows = [[os.path.basename(i), os.path.basename(o), m['nsat'], m['mean'], m['median'], m['std']]
            for i, (o, m) in zip(pruned_in_names, pruned_pout)]
    report({
        'peer': 'python',
        'importMs': import_ms,
        'pipelineMs': pipeline_ms,
        'pout': rows,
    })
