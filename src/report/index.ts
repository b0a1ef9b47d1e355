/**
 * Looking at the data and at the run: image previews and the run report
 * (run option `report`).
 * @packageDocumentation
 */
export type { PreviewInterval, PreviewOptions, PreviewStretch } from './preview.js';
export { intervalLimits, PREVIEW_DEFAULTS, preview, writePreview } from './preview.js';
