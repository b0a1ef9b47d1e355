/**
 * `npm run demo`: writes the seed's ten 1000×2000 float64 inputs to a
 * temporary directory, runs the seed's example 2, prints the pruned result
 * in the seed's form, and removes the directory.
 */
import { SEED_OUTPUT } from './pyprint.js';
import { runExample2 } from './example2.js';

const started = Date.now();
const printed = await runExample2();
console.log(printed);
console.log(
  printed === SEED_OUTPUT
    ? `(identical to the seed's printed result; ${Date.now() - started} ms)`
    : `DIFFERS from the seed's printed result:\n${SEED_OUTPUT}`,
);
if (printed !== SEED_OUTPUT) process.exitCode = 1;
