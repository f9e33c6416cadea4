export { runLab3, run, lab3Reference, lab3Summary, type Lab3Details, type ModelScore } from './run.js';
export { lab3Config, LAB3_MAJORITY_MARGIN, type Lab3Config } from './config.js';
export { samplePatches, loadItkVolumes, type PatchData } from './data.js';
export { createCnn, createDense, compileBinary } from './model.js';
export { writeCnnFigures } from './figures.js';
export { fitSeeded, predictSet, disposeModelAndOptimizer, type ArraySet } from './train.js';
