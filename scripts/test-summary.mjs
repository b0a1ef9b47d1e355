// Prints vitest's totals as one plain line ("vitest: N passed, N failed,
// N skipped") from its JSON report, so any log reader can count the tests.
// Given several reports (pack-check: one per Node major), prints their sum.
import { readFileSync } from 'node:fs';

const paths = process.argv.length > 2 ? process.argv.slice(2) : ['target/vitest-results.json'];
const reports = paths.map((p) => JSON.parse(readFileSync(p, 'utf8')));
const sum = (key) => reports.reduce((n, r) => n + (r[key] ?? 0), 0);
const skipped = sum('numPendingTests') + sum('numTodoTests');
console.log(`vitest: ${sum('numPassedTests')} passed, ${sum('numFailedTests')} failed, ${skipped} skipped`);
