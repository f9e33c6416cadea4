export { runLab1, lab1Reference, run, type Lab1Result, type CapacityRow, type LearningRow } from './run.js';
export { lab1Config, type Lab1Config } from './config.js';
export { loadBreastCancer, stratifiedSplit, fitStandardiser, standardise, subset, majorityClass, classCounts, type Table, type Standardiser } from './data.js';
export { createDenseModel, disposeModel, type DenseSpec, type Activation, type LossName, type OptimizerName } from './model.js';
export { fitSeeded, trainBinary, type CurvePoint } from './train.js';
export { predict, labelsFrom, rowsOf, binaryMetrics, type BinaryMetrics } from './evaluate.js';
export { lab1Summary, writeLab1Outputs } from './report.js';
