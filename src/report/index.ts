/**
 * Looking at the data and at the run: image previews and the run report
 * (run option `report`).
 * @packageDocumentation
 */
export type { PreviewInterval, PreviewOptions, PreviewStretch } from './preview.js';
export { intervalLimits, PREVIEW_DEFAULTS, PREVIEW_INTERVALS, PREVIEW_STRETCHES, preview, writePreview } from './preview.js';
