import { covidXrayReference, covidXrayTransferReference } from '../projects/covid-xray/index.js';
import type { BackendName } from '../core/backend.js';
import type { ReferenceRegistry } from './types.js';

/** Every registered reference. Add a lab or project with one line: `'id': entry,`. */
export function createRegistry(options: { prefer?: BackendName } = {}): ReferenceRegistry {
  return {
    'covid-xray': covidXrayReference(options),
    'covid-xray-transfer': covidXrayTransferReference(options),
    lab1: { description: 'Lab 1, supervised learning: breast_cancer majority / logistic / MLP (tfjs)', run: async (c, s, o) => (await import('../labs/lab1-supervised/index.js')).lab1Reference(options).run(c, s, o) },
    lab2: { description: 'Lab 2, MLP fundamentals: sklearn digits 8x8, relu/CE/adam MLP (tfjs)', run: async (c, s, o) => (await import('../labs/lab2-mlp/index.js')).lab2Reference(options).run(c, s, o) },
    lab3: { description: 'Lab 3, CNN vs dense net of similar size on real MR patches (ITK T1 tissue class), tfjs', run: async (c, s, o) => (await import('../labs/lab3-cnn/index.js')).lab3Reference(options).run(c, s, o) },
    lab4: { description: 'Lab 4, 2D U-Net on ITK T1 slices (k-means tissue classes), cross-entropy vs soft Dice loss, tfjs', run: async (c, s, o) => (await import('../labs/lab4-unet/index.js')).lab4Reference(options).run(c, s, o) },
    lab5: { description: 'Lab 5, augmented CNN with and without class weights on ct-lesions (SYNTHETIC lesions in the real InVesalius head CT, 20% Lesion), tfjs', run: async (c, s, o) => (await import('../labs/lab5-classification/index.js')).lab5Reference(options).run(c, s, o) },
    lab6: { description: 'Lab 6, LSTM and GRU vs dense baseline on nitime event-related BOLD (event-onset windows), tfjs', run: async (c, s, o) => (await import('../labs/lab6-rnn/index.js')).lab6Reference(options).run(c, s, o) },
    lab7: { description: 'Lab 7, transfer learning: pretrained MobileNetV2 (nsfwjs) features + head vs fine-tuned last block vs SVM / random forest on exported features, ct-lesions (tfjs)', run: async (c, s, o) => (await import('../labs/lab7-transfer/index.js')).lab7Reference(options).run(c, s, o) },
    lab8: { description: 'Lab 8, Grad-CAM/saliency mass inside synthetic lesions vs chance and robustness to noise/blur/contrast, on the lab 5 and lab 7 models (tfjs)', run: async (c, s, o) => (await import('../labs/lab8-interpretability/index.js')).lab8Reference(options).run(c, s, o) },
    'ovarian-ct': { description: 'ovarian-ct: 3D U-Net (SE, residual, deep supervision), Dice + weighted CE, AdamW one-cycle, SYNTHETIC lesion-inserted CT (tfjs)', run: async (c, s, o) => (await import('../projects/ovarian-ct/index.js')).ovarianReference(options).run(c, s, o) },
    'ct-unet2d': { description: 'ct-unet2d: 2D U-Net on HU-windowed slices, bone + inserted lesion, subject split, per-class Dice, plausibility check; SYNTHETIC subjects from the real InVesalius head CT (tfjs)', run: async (c, s, o) => (await import('../projects/ct-unet2d/index.js')).ctUnet2dReference(options).run(c, s, o) },
  };
}
