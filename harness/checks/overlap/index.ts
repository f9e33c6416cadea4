// Public API of the data-overlap check.
export { overlapCheck, discoverSplits, OVERLAP_CHECK_ID, type OverlapCheckOptions } from './check.js';
export { runOverlapCommand, type OverlapCommandOptions } from './command.js';
export { findOverlap, type OverlapOptions, type OverlapPair, type OverlapReport, type OverlapStats } from './overlap.js';
export { findNearDuplicates, nearPairs, DEFAULT_THRESHOLDS, type Thresholds } from './near.js';
export { decodeFile, decodeBuffer, exactImageHash, isImageFile } from './decode.js';
export { hashImage, dHash, pHash, hamming, hashToHex } from './hash.js';
export { hashFiles } from './pool.js';
export { DEFAULT_PATIENT_PATTERNS, patientFromName, patientFromDescription, readFileCsv } from './patient.js';
export { splitRole, type SplitSpec } from './splits.js';
export type { GrayImage, DecodedImage, ImageHashes } from './types.js';
