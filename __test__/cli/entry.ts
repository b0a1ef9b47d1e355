// The command line as bin/bigmultipipe.js runs it, from the sources (the tests need no build).
import { runCli } from '../../src/cli/main.js';

await runCli();
