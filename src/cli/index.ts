/**
 * `bigmultipipe/cli`: the pipeline's options for your own commander command
 * line (Python's `BMPArgparseMixin`), and the size and duration parsers they
 * use. `Command` and `Option` are commander's, re-exported so that a program
 * builds its command line with the very copy the helpers were made for.
 * @packageDocumentation
 */
export { Command, Option } from 'commander';
export { addPipelineOptions, pipelineOptionsFrom, PIPELINE_OPTION_NAMES } from './options.js';
export type {
  AddPipelineOptionsConfig,
  CommandLineSettings,
  ParsedPipelineOptions,
  PipelineModule,
  PipelineOptionDefaults,
  PipelineOptionName,
  PipelineOptionsFromResult,
} from './options.js';
export { parseDuration, parseSize } from './units.js';
export { main } from './main.js';
