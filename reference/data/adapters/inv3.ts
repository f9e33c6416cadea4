import { ParseError } from '../../../harness/errors.js';
import { gunzipIfNeeded, untar } from './unpack.js';
import { verifySources, type SourceFile } from './source.js';

export const CRANIUM_SOURCES: SourceFile[] = [{
  path: '/usr/share/doc/invesalius-examples/examples/Cranium.inv3',
  sha256: '3b34f11f7c4f557f4c65cd6543c412a2f6ceb0cfecfd9c41184420e02d9b7e2a',
  from: { kind: 'debian', name: 'invesalius-examples', version: '3.1.99998-4' },
}];

export interface InvesaliusMask { name: string; thresholdRange: [number, number]; data: Uint8Array }

/** The InVesalius head CT on its own grid: data has x fastest, shape [x, y, z]. */
export interface InvesaliusCt {
  name: string;
  hu: Int16Array;
  shape: [number, number, number];
  spacing: [number, number, number];
  /** Threshold masks cropped to the CT grid, 0/1. */
  masks: InvesaliusMask[];
}

const get = (plist: string, key: string): string | undefined =>
  new RegExp(`<key>${key}</key>\\s*(<array>[\\s\\S]*?</array>|<string>[^<]*</string>|<integer>[^<]*</integer>)`).exec(plist)?.[1];
const numbers = (s: string | undefined): number[] => [...(s ?? '').matchAll(/<(?:integer|real)>([^<]+)</g)].map((m) => Number(m[1]));
const text = (s: string | undefined): string => /<string>([^<]*)</.exec(s ?? '')?.[1] ?? '';

/**
 * Reads Cranium.inv3 (a gzipped tar): matrix.dat is int16 HU in C order
 * (z, y, x) = NIfTI order with shape [x, y, z]. Each mask_N.dat is uint8 with a
 * one-voxel border (InVesalius keeps edit flags in plane 0 of each axis); voxel
 * (x, y, z) of the CT is mask voxel (x+1, y+1, z+1), 255 inside, 0 outside.
 */
export function readInvesaliusCt(sources: readonly SourceFile[] = CRANIUM_SOURCES): InvesaliusCt {
  const src = sources[0]!;
  const archive = verifySources(sources).get(src.path)!;
  const files = untar(gunzipIfNeeded(archive, src.path), src.path);
  const byName = (suffix: string): Buffer => {
    const hit = [...files.entries()].find(([k]) => k === suffix || k.endsWith(`/${suffix}`));
    if (!hit) throw new ParseError(`no ${suffix} in the archive`, src.path);
    return hit[1];
  };
  const main = byName('main.plist').toString('utf8');
  const [nz, ny, nx] = numbers(get(get(main, 'matrix') ? main.slice(main.indexOf('<key>matrix</key>')) : main, 'shape')) as [number, number, number];
  const spacing = numbers(get(main, 'spacing')) as [number, number, number];
  if (text(get(main.slice(main.indexOf('<key>matrix</key>')), 'dtype')) !== 'int16' || !nx || spacing.length !== 3) {
    throw new ParseError('main.plist does not describe an int16 matrix with 3 spacings', src.path);
  }
  const matrix = byName('matrix.dat');
  const n = nx * ny * nz;
  if (matrix.length !== 2 * n) throw new ParseError(`matrix.dat has ${matrix.length} bytes, ${nz}×${ny}×${nx} int16 needs ${2 * n}`, src.path);
  const hu = new Int16Array(n);
  for (let i = 0; i < n; i++) hu[i] = matrix.readInt16LE(2 * i);
  const masks: InvesaliusMask[] = [];
  for (const key of [...main.matchAll(/<string>(mask_\d+\.plist)<\/string>/g)].map((m) => m[1]!)) {
    const plist = byName(key).toString('utf8');
    const shape = numbers(get(plist, 'mask_shape'));
    if (shape.join() !== [nz + 1, ny + 1, nx + 1].join()) throw new ParseError(`${key}: mask shape ${shape.join('×')} is not the CT grid plus a border`, src.path);
    const raw = byName(text(get(plist, 'mask_file')) || key.replace('.plist', '.dat'));
    if (raw.length !== (nz + 1) * (ny + 1) * (nx + 1)) throw new ParseError(`${key}: mask data size ${raw.length} does not match its shape`, src.path);
    const data = new Uint8Array(n);
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        const from = ((z + 1) * (ny + 1) + (y + 1)) * (nx + 1) + 1;
        for (let x = 0; x < nx; x++) data[(z * ny + y) * nx + x] = raw[from + x]! > 127 ? 1 : 0;
      }
    }
    const range = numbers(get(plist, 'threshold_range')) as [number, number];
    masks.push({ name: text(get(plist, 'name')), thresholdRange: range, data });
  }
  return { name: text(get(main, 'name')), hu, shape: [nx, ny, nz], spacing, masks };
}
