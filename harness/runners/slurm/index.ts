export { submitBatch, waitBatch, collectBatch, type SubmitOptions, type SubmitOutcome, type CollectOutcome } from './batch.js';
export { slurmFailedResult, readSlurmBatch, slurmBatchSchema, type SlurmBatch } from './record.js';
export { arrayScript } from './script.js';
