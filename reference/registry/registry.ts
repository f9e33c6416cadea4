import { covidXrayReference, covidXrayTransferReference } from '../projects/covid-xray/index.js';
import type { BackendName } from '../core/backend.js';
import type { ReferenceRegistry } from './types.js';

/** Every registered reference. Add a lab or project with one line: `'id': entry,`. */
export function createRegistry(options: { prefer?: BackendName } = {}): ReferenceRegistry {
  return {
    'covid-xray': covidXrayReference(options),
    'covid-xray-transfer': covidXrayTransferReference(options),
    'lab1-supervised': { description: 'Lab 1, supervised learning: breast_cancer majority / logistic / MLP (tfjs)', run: async (c, s) => (await import('../labs/lab1-supervised/index.js')).lab1Reference(options).run(c, s) },
    'lab2-mlp': { description: 'Lab 2, MLP fundamentals: sklearn digits 8x8, relu/CE/adam MLP (tfjs)', run: async (c, s) => (await import('../labs/lab2-mlp/index.js')).lab2Reference(options).run(c, s) },
  };
}
