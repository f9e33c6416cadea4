export { runLab6, run, lab6Reference, lab6Summary, type Lab6Details, type SequenceScore } from './run.js';
export { lab6Config, LAB6_BALANCED_MARGIN, type Lab6Config } from './config.js';
export { buildWindows, loadBoldEvents, type WindowData } from './data.js';
export { createSequenceModel, type SequenceModelKind } from './model.js';
