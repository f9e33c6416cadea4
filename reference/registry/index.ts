export { runReference, aggregateRuns, type RunReferenceOptions } from './run.js';
export { diffReferences, renderDiffTable, type DiffRow, type ReferenceDiff } from './diff.js';
export { createRegistry } from './registry.js';
export { summariseMetric, hanleyMcNeilVariance, binomialVariance, PROPORTION_METRICS, BAND_Z } from './band.js';
export type { ReferenceConfig, ReferenceEntry, ReferenceRegistry, ReferenceRunResult } from './types.js';
export { readReferenceFiles, referenceRunsSection } from './benchmarks.js';
