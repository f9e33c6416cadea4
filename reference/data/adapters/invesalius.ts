import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeNifti } from '../../core/io/nifti-write.js';
import { writeDatasetJson } from './describe.js';
import { CRANIUM_SOURCES, readInvesaliusCt } from './inv3.js';

/** Names by threshold range, as InVesalius labels its presets (the plist names are "Máscara 1/2"). */
function maskFile(range: [number, number]): string {
  if (range[0] >= 200) return 'bone';
  if (range[0] < 0) return 'soft_tissue';
  return `threshold_${range[0]}_${range[1]}`;
}

/** The InVesalius head CT as NIfTI (int16 HU) with its threshold masks cropped to the CT grid. */
export function adaptInvesaliusCt(o: { out: string }): string[] {
  const ct = readInvesaliusCt();
  mkdirSync(join(o.out, 'masks'), { recursive: true });
  const affine = [[ct.spacing[0], 0, 0, 0], [0, ct.spacing[1], 0, 0], [0, 0, ct.spacing[2], 0], [0, 0, 0, 1]];
  writeNifti(join(o.out, 'ct.nii.gz'), { data: ct.hu, shape: ct.shape, affine, description: `InVesalius ${ct.name} HU` });
  const layout: Record<string, string> = {
    'ct.nii.gz': `head CT, int16 Hounsfield units, ${ct.shape.join('×')} (x, y, z), ${ct.spacing.map((s) => s.toFixed(4)).join('×')} mm`,
  };
  const notes: string[] = [];
  for (const m of ct.masks) {
    const file = `masks/${maskFile(m.thresholdRange)}.nii.gz`;
    writeNifti(join(o.out, file), { data: m.data, shape: ct.shape, affine, description: `threshold ${m.thresholdRange.join('..')} HU` });
    const voxels = m.data.reduce((s, v) => s + v, 0);
    layout[file] = `uint8 0/1, InVesalius threshold mask ${m.thresholdRange.join('..')} HU, on the CT grid`;
    notes.push(`${file}: ${voxels} voxels`);
  }
  writeDatasetJson(o.out, {
    name: 'invesalius-ct', real: true, licence: 'GPL-2 (InVesalius examples)',
    layout,
    steps: [
      'verified sha256 of Cranium.inv3', 'read matrix.dat (int16, C order z,y,x) from the gzipped tar',
      'cropped each 109×257×257 mask by its one-voxel border to the 108×256×256 CT grid, 255 → 1',
      'wrote NIfTI-1 with a diagonal affine from the plist spacing (the archive has no orientation beyond "axial")',
    ],
    notes,
  }, CRANIUM_SOURCES);
  return [`Wrote REAL InVesalius head CT (${ct.shape.join('×')}) and ${ct.masks.length} masks to ${o.out}`, `  see ${o.out}/DATASET.json`];
}
