import type { DataCommand } from '../../../harness/data/commands.js';
import { generateCtLesions } from './generate.js';

/** `medgrade data ct-lesions`: --count = slices, --size = pixels, --masks also writes the lesion masks. */
export function ctLesionsCommand(): DataCommand {
  return {
    description: 'SYNTHETIC lesions in REAL anatomy: real InVesalius head CT slices with inserted lesions in 20% (train|val|test/Lesion|Normal/*.png; --count slices, --masks).',
    real: false,
    async run(o) {
      const r = generateCtLesions({ out: o.out, seed: o.seed, count: o.count, size: o.size, masks: o.masks });
      const per = (['train', 'val', 'test'] as const).map((s) => `${s} ${r.counts[s].Lesion}+${r.counts[s].Normal} (${r.counts[s].patients})`).join(', ');
      return [
        `Wrote ${Object.keys(r.checksums).length} slices of SYNTHETIC lesions in REAL anatomy (real head CT, inserted lesions; not patient data) to ${o.out}`,
        `  Lesion+Normal (patients) per split: ${per}`,
        `  digest ${r.digest}; see ${o.out}/DATASET.json`,
      ];
    },
  };
}
