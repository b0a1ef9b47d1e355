/**
 * The scope that records the arrays created while one pipeline file runs
 * (a slot of the library's one async context, `../async-scope.ts`).
 * @packageDocumentation
 */
import { scopeSlot } from '../async-scope.js';
import type { NdArrayCore } from './core.js';

/**
 * Records every array created while a scope is active (the pipeline runs each
 * file in one, to release that file's arrays as soon as it finishes instead
 * of whenever the garbage collector runs).
 * @internal
 */
export const arrayScope = scopeSlot<NdArrayCore[]>('arrayScope');
