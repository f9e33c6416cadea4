/**
 * The three configurations. ci and small run on the covid-synthetic generator; small uses
 * exactly the rubric's hidden-data options (count 200, size 64, seed 20250425), so its test
 * split (n = 30) has the size of the set students are graded on. full reads the course's
 * covid_xray folder (MEDGRADE_COVID_DATA) and is documented in docs/REFERENCE.md.
 */
import { MedgradeError } from '../../../harness/errors.js';
import type { ReferenceConfig } from '../../registry/types.js';
import type { AugmentOptions } from './data.js';
import type { SearchSpace } from './train.js';

export type CovidData = { kind: 'synthetic'; count: number; size: number; seed: number } | { kind: 'folder'; dir: string };

export interface CovidConfig {
  name: ReferenceConfig;
  data: CovidData;
  /** Images are resized to imageSize×imageSize. */
  imageSize: number;
  search: SearchSpace;
  maxEpochs: number;
  patience: number;
  batchSize: number;
  augment: AugmentOptions;
  /** Task 3 (stretch): the transfer head's search and epochs (features come from the frozen backbone). */
  transfer: {
    search: { batchSize: number[]; learningRate: number[]; dropout: number[] }; maxEpochs: number; patience: number;
    /** Fine-tuning of the last block after the head's retraining: epochs, and its learning rate as a fraction of the head's. */
    fineTuneEpochs: number; fineTuneFactor: number;
  };
}

const AUGMENT: AugmentOptions = { maxShift: 3, maxRotateDeg: 7, intensity: 0.1 };

export function covidConfig(name: ReferenceConfig, env: NodeJS.ProcessEnv = process.env): CovidConfig {
  if (name === 'ci') {
    return {
      name, data: { kind: 'synthetic', count: 120, size: 64, seed: 20250425 }, imageSize: 64,
      search: { filters: [8], denseUnits: [32], dropout: [0.25, 0.5], learningRate: [0.003] },
      maxEpochs: 3, patience: 2, batchSize: 8, augment: AUGMENT,
      transfer: { search: { batchSize: [8], learningRate: [0.003], dropout: [0.25, 0.5] }, maxEpochs: 10, patience: 3, fineTuneEpochs: 2, fineTuneFactor: 0.01 },
    };
  }
  if (name === 'small') {
    return {
      name, data: { kind: 'synthetic', count: 200, size: 64, seed: 20250425 }, imageSize: 64,
      search: { filters: [4, 8], denseUnits: [16, 32], dropout: [0.25, 0.5], learningRate: [0.001, 0.003] },
      maxEpochs: 5, patience: 2, batchSize: 8, augment: AUGMENT,
      transfer: { search: { batchSize: [8, 16], learningRate: [0.001, 0.003], dropout: [0.25, 0.5] }, maxEpochs: 20, patience: 3, fineTuneEpochs: 4, fineTuneFactor: 0.01 },
    };
  }
  const dir = env['MEDGRADE_COVID_DATA'];
  if (!dir) throw new MedgradeError('E_USAGE', "config 'full' trains on the course's covid_xray folder: set MEDGRADE_COVID_DATA to it");
  return {
    name, data: { kind: 'folder', dir }, imageSize: 128,
    search: { filters: [8, 16], denseUnits: [64, 128], dropout: [0.3, 0.5], learningRate: [0.0003, 0.001] },
    maxEpochs: 30, patience: 5, batchSize: 32, augment: AUGMENT,
    transfer: { search: { batchSize: [16, 32], learningRate: [0.0003, 0.001], dropout: [0.3, 0.5] }, maxEpochs: 50, patience: 5, fineTuneEpochs: 10, fineTuneFactor: 0.01 },
  };
}
