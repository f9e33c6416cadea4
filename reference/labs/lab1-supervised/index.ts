export { runLab1, lab1Reference, run, type Lab1Result, type BinaryMetrics, type CapacityRow, type LearningRow } from './run.js';
export { lab1Config, type Lab1Config } from './config.js';
export { loadBreastCancer, stratifiedSplit, fitStandardiser, standardise, subset, majorityClass, classCounts, type Table, type Standardiser } from './data.js';
export { createDenseModel, disposeModel, fitSeeded, predict, labelsFrom, rowsOf, type DenseSpec, type CurvePoint } from './train.js';
export { lab1Summary, writeLab1Outputs } from './report.js';
