/**
 * Run as a child process by eager-start.spec.ts: constructs a WorkerExecutor
 * and never runs anything. `ready` as argument: waits until its threads have
 * loaded the module first. Then it just ends: the process must exit by
 * itself, without close().
 */
import { WorkerExecutor } from '../../src/index.js';

const executor = new WorkerExecutor({ module: new URL('./announcing.ts', import.meta.url), workers: 2 });
if (process.argv[2] === 'ready') await executor.ready();
process.stdout.write(`constructed ${executor.workers}\n`);
