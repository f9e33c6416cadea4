export { saliency } from './saliency.js';
export { gradCam } from './grad-cam.js';
export type { GradCamOptions, GradCamResult } from './grad-cam.js';
export type { ScoreOptions, ScoreChoice, SigmoidTarget } from './score.js';
export { overlayPng, heatmapPng, upsampleBilinear, magma } from './overlay.js';
export type { OverlayOptions } from './overlay.js';
export { maskMass } from './mask-mass.js';
export type { MaskMass } from './mask-mass.js';
