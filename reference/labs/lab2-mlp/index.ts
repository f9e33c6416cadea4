export { runLab2, lab2Reference, run, type Lab2Result, type ComparisonRow, type RegularisationRow } from './run.js';
export { lab2Config, type Lab2Config, type Variant } from './config.js';
export { loadDigits } from './data.js';
export { lab2Summary, writeLab2Outputs } from './report.js';
