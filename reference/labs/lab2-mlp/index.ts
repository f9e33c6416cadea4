export { runLab2, lab2Reference, run, type Lab2Result, type ComparisonRow, type RegularisationRow } from './run.js';
export { lab2Config, type Lab2Config, type Variant } from './config.js';
export { loadDigits } from './data.js';
export { createMlp, variantLabel, K } from './model.js';
export { trainOne, type Trained } from './train.js';
export { multiclassAccuracy, tableAccuracy, testMetrics, type Lab2TestMetrics } from './evaluate.js';
export { lab2Summary, writeLab2Outputs } from './report.js';
