import type { DataCommand } from '../../../harness/data/commands.js';
import { generateCtSubjects } from './generate.js';

/** `medgrade data ct-subjects`: --count = subjects (val n/6, test n/4), --size = x/y voxels (z = size/2). */
export function ctSubjectsCommand(): DataCommand {
  return {
    description: 'SYNTHETIC CT subjects derived from ONE REAL head CT (InVesalius): deformation, scaling, intensity variation, inserted lesions; segmentation layout <split>/{images,masks}/subject_NNN.nii.gz, labels 0 bg 1 bone 2 lesion; --count = subjects, --size = x/y voxels.',
    real: false,
    async run(o) {
      const shape: [number, number, number] | undefined = o.size ? [o.size, o.size, Math.max(4, Math.round(o.size / 2))] : undefined;
      const r = await generateCtSubjects({ out: o.out, seed: o.seed, subjects: o.count, shape });
      const per = (['train', 'val', 'test'] as const).map((s) => `${s} ${r.subjects.filter((x) => x.split === s).length}`).join(', ');
      return [
        `Wrote ${r.subjects.length} SYNTHETIC CT subjects derived from a REAL head CT (not patient data; all share one base anatomy) to ${o.out}`,
        `  ${r.shape.join('×')} voxels at ${r.spacing.map((s) => s.toFixed(2)).join('×')} mm; subjects per split: ${per}`,
        `  lesion voxels: ${r.subjects.map((x) => x.voxels.lesion).join(', ')}`,
        `  digest ${r.digest}; see ${o.out}/DATASET.json and README.txt`,
      ];
    },
  };
}
