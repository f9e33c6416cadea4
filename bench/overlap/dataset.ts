import jpeg from 'jpeg-js';
import { encodeGrayPng } from '../../harness/checks/overlap/png.js';
import { brightness, phantom, resize, rotate, shift, toRgba } from './phantom.js';

/** The five alterations planted as near duplicates. */
export const KINDS = ['resize', 'jpeg', 'shift', 'brightness', 'rotate'] as const;
export type Kind = (typeof KINDS)[number];

/** One file to write: an original phantom, or an altered copy of one. */
export interface Job {
  name: string;
  seed: number;
  kind?: Kind;
  /** Index of the planted pair within its kind; picks the variant (e.g. ×0.5 or ×1.5). */
  k?: number;
}

export interface Manifest {
  count: number;
  perKind: number;
  seed: number;
  files: string[];
  pairs: { base: string; copy: string; kind: Kind; variant: string }[];
}

/**
 * Lays out `count` files: count − 5·perKind originals, and one altered copy of
 * perKind distinct originals per kind. Copies are named neutrally (c_NNNNN) so
 * that nothing but the pixels links them to their base.
 */
export function planDataset(count: number, perKind: number, seed: number): { jobs: Job[]; manifest: Manifest } {
  const originals = count - perKind * KINDS.length;
  if (originals < perKind * KINDS.length) throw new Error(`count ${count} is too small for ${perKind} pairs per kind`);
  const jobs: Job[] = [];
  const name = (i: number): string => `r_${String(i).padStart(5, '0')}.png`;
  for (let i = 0; i < originals; i++) jobs.push({ name: name(i), seed: seed * 1_000_003 + i });
  const manifest: Manifest = { count, perKind, seed, files: [], pairs: [] };
  // spread the bases over the originals, deterministically
  const stride = Math.floor(originals / (perKind * KINDS.length));
  let c = 0;
  KINDS.forEach((kind, ki) => {
    for (let k = 0; k < perKind; k++) {
      const base = (ki * perKind + k) * stride;
      const copy = `c_${String(c++).padStart(5, '0')}.${kind === 'jpeg' ? 'jpg' : 'png'}`;
      jobs.push({ name: copy, seed: seed * 1_000_003 + base, kind, k });
      manifest.pairs.push({ base: name(base), copy, kind, variant: variant(kind, k) });
    }
  });
  manifest.files = jobs.map((j) => j.name);
  return { jobs, manifest };
}

function variant(kind: Kind, k: number): string {
  switch (kind) {
    case 'resize': return k % 2 ? '×1.5' : '×0.5';
    case 'jpeg': return 'quality 70';
    case 'shift': return ['+2,0', '0,+2', '−2,0', '0,−2'][k % 4]!;
    case 'brightness': return '×1.15';
    case 'rotate': return k % 2 ? '+3°' : '−3°';
  }
}

/** Builds one file's bytes. */
export function renderJob(job: Job): Buffer {
  const base = phantom(job.seed);
  const k = job.k ?? 0;
  switch (job.kind) {
    case undefined: return encodeGrayPng(base);
    case 'resize': return encodeGrayPng(resize(base, k % 2 ? 1.5 : 0.5));
    case 'jpeg': return Buffer.from(jpeg.encode({ width: base.width, height: base.height, data: toRgba(base) }, 70).data);
    case 'shift': return encodeGrayPng(shift(base, [2, 0, -2, 0][k % 4]!, [0, 2, 0, -2][k % 4]!));
    case 'brightness': return encodeGrayPng(brightness(base, 1.15));
    case 'rotate': return encodeGrayPng(rotate(base, k % 2 ? 3 : -3));
  }
}
