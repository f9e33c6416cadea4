export { runLab6, run, lab6Reference, lab6Summary, type Lab6Details } from './run.js';
export { lab6Config, LAB6_BALANCED_MARGIN, type Lab6Config } from './config.js';
export { buildWindows, loadBoldEvents, type WindowData } from './data.js';
export { createSequenceModel, type SequenceModelKind } from './model.js';
export { trainSequenceModel, disposeModelAndOptimizer } from './train.js';
export { scoreAtThreshold, predictAndScore, majorityAccuracy, trainingPositiveRate, errorsPerExample, type SequenceScore, type ThresholdedScore } from './evaluate.js';
