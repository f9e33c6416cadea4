export { runLab3, run, lab3Reference, lab3Summary, type Lab3Details } from './run.js';
export { lab3Config, LAB3_MAJORITY_MARGIN, type Lab3Config } from './config.js';
export { samplePatches, loadItkVolumes, type PatchData } from './data.js';
export { createCnn, createDense, compileBinary } from './model.js';
export { trainLab3Model, fitSeeded, predictSet, disposeModelAndOptimizer, type ArraySet } from './train.js';
export { scoreBinary, predictAndScore, majorityAccuracy, errorsPerExample, type ModelScore, type ThresholdScore } from './evaluate.js';
export { writeCnnFigures } from './figures.js';
