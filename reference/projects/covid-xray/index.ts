export { runCovidXray, covidXrayReference, type CovidRunDetails, type CovidRunOptions } from './run.js';
export { covidConfig, type CovidConfig, type CovidData } from './config.js';
export { loadImageSet, splitStatistics, normalise, augmentSet, concatSets, toTensors, type ImageSet, type SplitStatistics, type AugmentOptions } from './data.js';
export { createBaselineModel, compileBaseline, disposeModel, type BaselineHyperparameters } from './model.js';
export { fitModel, searchHyperparameters, gridOf, searchCsv, type SearchSpace, type SearchRow, type SearchResult, type FitOptions, type EpochLog } from './train.js';
export { predictProbabilities, evaluatePredictions, type Evaluation } from './evaluate.js';
export {
  createBackbone, backboneInput, extractFeatures, createTransferHead, fitHead, searchTransfer, transferCsv, BACKBONE_SIZE, FEATURES,
  type Backbone, type FeatureSet, type TransferHyperparameters, type TransferRow,
} from './transfer.js';
export { runCovidTransfer, covidXrayTransferReference, type TransferRunDetails } from './run-transfer.js';
export { splitLastBlock, stemActivations, featuresFromStem, fineTuneLastBlock, exportableModel, type LastBlock, type Standardiser } from './fine-tune.js';
export { outcomeGroups, type OutcomeGroup } from './figures.js';
export { loadCovidData, type CovidSplits } from './run.js';
