export { runCtUnet2d, ctUnet2dReference, type CtUnetDetails } from './run.js';
export { ctUnetConfig, CT_WINDOWS, CT_UNET_CI_MARGIN, type CtUnetConfig, type HuWindow } from './config.js';
export { windowHu, volumesToSlices, readSplit, loadCtData, type CtVolume, type SliceSet, type CtData } from './data.js';
export { createUnet2d, compileUnet, diceCrossEntropyLoss, type UnetShape } from './model.js';
export { predictSlices, toVolumes, scoreVolumes, scoreSubjects, thresholdBaseline, type SplitScores, type SubjectScore } from './evaluate.js';
export { checkPlausibility, checkClass, countComponents, labelComponents, removeSmallComponents, plausibilityCsv, PLAUSIBILITY_RULES, type PlausibilityReport, type ClassPlausibility } from './plausibility.js';
export { fitWithEarlyStopping, type EpochRecord, type FitResult } from './train.js';
export { summaryMarkdown } from './summary.js';
