export { runLab4, lab4Reference, lab4Summary, LAB4_SLICE_ERROR_DICE, type Lab4Details, type LossRun } from './run.js';
export { lab4Config, LAB4_BASELINE_MARGIN, type Lab4Config } from './config.js';
export {
  LAB4_CLASSES, ITK_LABEL_TO_CLASS, splitSlices, loadItkSlices, downsampleImage, downsampleMask, upsampleMask, resizeSlice,
  samplePatches, meanMask, type Slice, type SliceSet, type PatchBatch, type SplitName,
} from './data.js';
export { createUnet, compileUnet, softDiceLoss, type LossName } from './model.js';
export { fitUnet, disposeModelAndOptimizer, type EpochLog } from './train.js';
export { predictSlices, scoreSlices, type SegScores } from './evaluate.js';
export { overlaysPng, patchesPng, curvesSvg, diceBarsSvg, CLASS_COLOURS } from './figures.js';
