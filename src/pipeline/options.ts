/**
 * The options objects of `new BigMultiPipe()` and `pipeline()`, and their
 * split into named settings, run options and control-stream keywords.
 * @packageDocumentation
 */
import type { RunOptions } from './run-options.js';
import { RUN_OPTION_NAMES } from './run-options.js';
import type { BigMultiPipeSettings } from './settings.js';
import { SETTING_NAMES } from './settings.js';
import type { Kwargs } from './types.js';

/** Options of `new BigMultiPipe(options)`: the named settings plus control-stream keywords. */
export interface BigMultiPipeOptions<Data = unknown> extends BigMultiPipeSettings<Data> {
  /** Any other key is a control-stream keyword (kept as `kwargs`). */
  // biome-ignore lint/suspicious/noExplicitAny: control-stream values are the user's own; hooks destructure them freely
  [keyword: string]: any;
}

/** Options of `pipeline()`: settings overriding the instance's, run options, and control-stream keywords. */
export interface PipelineOptions<Data = unknown> extends BigMultiPipeSettings<Data>, RunOptions {
  /** Any other key is a control-stream keyword, merged over the instance's `kwargs`. */
  // biome-ignore lint/suspicious/noExplicitAny: control-stream values are the user's own; hooks destructure them freely
  [keyword: string]: any;
}

/** An options object split by kind; `settings` and `run` still need validating. */
export interface SplitOptions {
  settings: Record<string, unknown>;
  run: Record<string, unknown>;
  kwargs: Kwargs;
}

/** Splits an options object into named settings, run options and the remaining keywords. */
export function splitOptions(options: Kwargs): SplitOptions {
  const out: SplitOptions = { settings: {}, run: {}, kwargs: {} };
  for (const [key, value] of Object.entries(options)) {
    if ((SETTING_NAMES as readonly string[]).includes(key)) out.settings[key] = value;
    else if ((RUN_OPTION_NAMES as readonly string[]).includes(key)) out.run[key] = value;
    else out.kwargs[key] = value;
  }
  return out;
}
