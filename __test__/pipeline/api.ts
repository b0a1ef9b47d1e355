// The public API exactly as users import it (the package entry).
export * from '../../src/index.js';
