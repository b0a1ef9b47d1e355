// The public API as users import it. Until src/index.ts re-exports the
// pipeline façade, the pipeline names come from src/pipeline/index.js.
export * from '../../src/index.js';
export * from '../../src/pipeline/index.js';
