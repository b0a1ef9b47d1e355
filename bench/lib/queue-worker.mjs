// A queue worker process for bench/queue.mjs: runQueueWorker with the JSON options
// in argv[2]; prints "ready" once it takes jobs; SIGTERM closes it.
import { runQueueWorker } from 'bigmultipipe';

const worker = await runQueueWorker(JSON.parse(process.argv[2]));
process.stdout.write(`ready ${worker.concurrency}\n`);
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
