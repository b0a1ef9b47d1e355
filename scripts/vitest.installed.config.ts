import { defineConfig, mergeConfig } from 'vitest/config';

import base from '../vitest.config.js';

// The public-API suites (scripts/public-suites.mjs) against an installed copy
// of the package: every import of src/index.js becomes the package entry in
// BMP_INSTALLED (a node_modules/bigmultipipe folder), so the tests run the
// packed dist/ and the prebuilt binary a user gets. scripts/pack-check.sh sets it.
const installed = process.env.BMP_INSTALLED;
if (!installed) throw new Error('BMP_INSTALLED must name an installed node_modules/bigmultipipe folder (see scripts/pack-check.sh)');

export default mergeConfig(
  base,
  defineConfig({
    root: new URL('..', import.meta.url).pathname,
    resolve: { alias: [{ find: /^(?:\.\.\/)+src\/index\.js$/, replacement: `${installed}/dist/index.js` }] },
  }),
);
