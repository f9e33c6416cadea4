/**
 * Metrics as pure functions: the harness scores submissions with them and the
 * reference labs report with them, so both use one definition. Each file
 * documents its input shapes and its empty-input rules.
 */
export { MetricError } from './errors.js';
export { binaryConfusion, confusionMatrix, type BinaryConfusion, type MulticlassConfusion } from './confusion.js';
export {
  accuracy, balancedAccuracy, sensitivity, recall, specificity, precision, f1,
  type ZeroDivision, type ZeroDivisionOptions,
} from './classification.js';
export { rocCurve, rocAuc, rocAucOvrMacro, trapezoid, type RocCurve } from './roc.js';
export { precisionRecallCurve, averagePrecision, type PrCurve } from './pr.js';
export {
  diceScores, diceScoresOneHot, meanDice, iouScores, iouScoresOneHot, meanIoU,
  type OverlapOptions, type LabelOverlapOptions,
} from './dice.js';
export { nanMean, type LabelVolume, type OneHotVolume } from './volume.js';
export { hausdorffDistance, hausdorffDistanceMask, hd95, surfaceVoxels, type HausdorffOptions } from './hausdorff.js';
export { squaredDistanceTransform } from './edt.js';
export { expectedCalibrationError } from './calibration.js';
export { bootstrapCI, bootstrapIndices, seededRandom, type BootstrapOptions, type BootstrapResult, type PairMetric } from './bootstrap.js';
export { quantile } from './stats.js';
