export { loadCtLesions, CT_LESIONS_DESCRIPTION, type CtLesions, type CtLesionSet } from './load.js';
export { generateCtLesions, type CtLesionsWriteOptions, type CtLesionsResult } from './generate.js';
export { ctLesionsOptionsSchema, CT_LESION_CLASSES, CT_LESION_SPLITS, SPLIT_RULE, WINDOW, GENERATOR_NAME, GENERATOR_VERSION, type CtLesionsOptions, type CtLesionsConfig, type CtLesionSplit } from './options.js';
export { insertLesion, renderPatientSlices, brainBlock, windowToGrey } from './render.js';
