import { covidXrayReference, covidXrayTransferReference } from '../projects/covid-xray/index.js';
import type { BackendName } from '../core/backend.js';
import type { ReferenceRegistry } from './types.js';

/** Every registered reference. Add a lab or project with one line: `'id': entry,`. */
export function createRegistry(options: { prefer?: BackendName } = {}): ReferenceRegistry {
  return {
    'covid-xray': covidXrayReference(options),
    'covid-xray-transfer': covidXrayTransferReference(options),
  };
}
