export { generateOvarianSynthetic, ovarianSyntheticOptionsSchema, type OvarianSyntheticOptions, type OvarianSyntheticResult, type OvarianPatientSummary } from './generate.js';
export { renderPatient, type RenderedPatient, type PatientOptions } from './patient.js';
export { lesionMask, lobulatedLesion, sphericalLesion, type Lesion } from './lesions.js';
