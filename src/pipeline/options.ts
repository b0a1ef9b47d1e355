/**
 * The options objects of `new BigMultiPipe()` and `pipeline()`, and their
 * split into named settings, run options and control-stream keywords.
 * @packageDocumentation
 */
import type { RunOptionName, RunOptions } from './run-options.js';
import { RUN_OPTION_NAMES } from './run-options.js';
import type { BigMultiPipeSettings, SettingName } from './settings.js';
import { SETTING_NAMES } from './settings.js';
import type { Kwargs } from './types.js';

/** Python's spelling of a camelCase name: `numProcesses` → `num_processes`. */
type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}` ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}` : S;

/** The name of a setting or run option. */
type OptionName = SettingName | RunOptionName;

/**
 * Keys that are an option's Python name or its all-lowercase form, typed so
 * that TypeScript rejects them at compile time, naming the option to use
 * (`Type 'number' is not assignable to type '"use numProcesses"'`). At run
 * time {@link splitOptions} refuses these and other case/underscore variants.
 */
export type MisspeltOptions = {
  [K in OptionName as SnakeCase<K> extends K ? never : SnakeCase<K>]?: `use ${K}`;
} & {
  [K in OptionName as Lowercase<K> extends K ? never : Lowercase<K>]?: `use ${K}`;
} & { PoolClass?: 'use executor'; pool_class?: 'use executor' };

/** Options of `new BigMultiPipe(options)`: the named settings plus control-stream keywords. */
export interface BigMultiPipeOptions<Data = unknown> extends BigMultiPipeSettings<Data>, MisspeltOptions {
  /** Any other key is a control-stream keyword (kept as `kwargs`). */
  // biome-ignore lint/suspicious/noExplicitAny: control-stream values are the user's own; hooks destructure them freely
  [keyword: string]: any;
}

/** Options of `pipeline()`: settings overriding the instance's, run options, and control-stream keywords. */
export interface PipelineOptions<Data = unknown> extends BigMultiPipeSettings<Data>, RunOptions, MisspeltOptions {
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

/** A name reduced to what a user porting code may get wrong: case, underscores, dashes. */
const loose = (name: string): string => name.toLowerCase().replace(/[_-]/g, '');

/** Every option name by its loose form, plus Python names that do not reduce to ours. */
const OPTION_BY_LOOSE_NAME = new Map<string, OptionName>([
  ...[...SETTING_NAMES, ...RUN_OPTION_NAMES].map((n): [string, OptionName] => [loose(n), n]),
  [loose('PoolClass'), 'executor'],
]);

/**
 * The option `key` was meant to be, when it is not one exactly but equals one
 * but for case, underscores or dashes (`num_processes`, `numprocesses`), or
 * is a Python name of one (`PoolClass`). Such a key would otherwise silently
 * become a control-stream keyword.
 */
function meantOption(key: string): OptionName | undefined {
  return OPTION_BY_LOOSE_NAME.get(loose(key));
}

/** Splits an options object into named settings, run options and the remaining keywords; a misspelt option name is an error naming the right one. */
export function splitOptions(options: Kwargs): SplitOptions {
  const out: SplitOptions = { settings: {}, run: {}, kwargs: {} };
  for (const [key, value] of Object.entries(options)) {
    if ((SETTING_NAMES as readonly string[]).includes(key)) out.settings[key] = value;
    else if ((RUN_OPTION_NAMES as readonly string[]).includes(key)) out.run[key] = value;
    else {
      const meant = meantOption(key);
      if (meant !== undefined) {
        throw new TypeError(
          `${key}: not an option name; did you mean ${meant}? Options are camelCase here (Python's num_processes is numProcesses; ` +
            'see "Python names and ours" in the README). A key this close to an option is refused rather than kept as a control-stream keyword.',
        );
      }
      out.kwargs[key] = value;
    }
  }
  return out;
}
