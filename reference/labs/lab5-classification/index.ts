export { runLab5, lab5Reference, lab5Summary, type Lab5Details, type Lab5ModelResult } from './run.js';
export { lab5Config, LAB5_DATASET, LAB5_AUGMENT, LAB5_MARGINS, type Lab5Config } from './config.js';
export { trainLab5Model, fitLab5, predictLesion, disposeLab5Model, type TrainedLab5, type EpochRecord, type Weighting } from './train.js';
export { createLab5Cnn, compileLab5, balancedClassWeights, LAB5_GRADCAM_LAYER } from './model.js';
export { augmentImage, augmentBatch, type AugmentOptions } from './augment.js';
export { scoreLab5, majorityBaseline, type Lab5Scores } from './evaluate.js';
export { writeLab5Figures, greyTilesPng } from './figures.js';
