#!/usr/bin/env node
// The `bigmultipipe` command (see `bigmultipipe --help`); the code is in dist/cli-main.js.
import { runCli } from '../dist/cli-main.js';

await runCli();
