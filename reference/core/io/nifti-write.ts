import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MedgradeError } from '../../../harness/errors.js';
import { affineToQuatern, diagonalAffine, type Mat4 } from './affine.js';
import { datatypeOfArray, type VoxelArray } from './nifti-types.js';

export interface VolumeToWrite {
  /** File order, first axis fastest (see Volume). */
  data: VoxelArray;
  shape: number[];
  /** Defaults to diag(spacing) or the identity. Stored in float32, as the format does. */
  affine?: Mat4;
  spacing?: number[];
  description?: string;
}

const HEADER_BYTES = 348;
const VOX_OFFSET = 352;

/**
 * Writes a little-endian NIfTI-1 single file, gzip-compressed when the name ends
 * in `.gz`. The affine goes into the sform (code 1, scanner) and, when it has no
 * shear, into the qform too; pixdim holds the column norms of the affine, so
 * nibabel and our reader agree.
 */
export function writeNifti(path: string, volume: VolumeToWrite): void {
  const bytes = encodeNifti(volume, path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(bytes, { level: 6 }) : bytes);
}

export function encodeNifti(volume: VolumeToWrite, path = '<memory>'): Buffer {
  const { data, shape } = volume;
  if (shape.length < 1 || shape.length > 7 || shape.some((s) => !Number.isSafeInteger(s) || s < 1 || s > 32767)) {
    throw new MedgradeError('E_USAGE', `NIfTI-1 shape must be 1..7 dimensions of 1..32767, got [${shape.join(', ')}]`, path);
  }
  const n = shape.reduce((p, s) => p * s, 1);
  if (data.length !== n) throw new MedgradeError('E_USAGE', `data has ${data.length} voxels, shape ${shape.join('×')} needs ${n}`, path);
  const affine = volume.affine ?? diagonalAffine(volume.spacing ?? [1, 1, 1]);
  if (affine.length !== 4 || affine.some((r) => r.length !== 4 || r.some((v) => !Number.isFinite(v)))) {
    throw new MedgradeError('E_USAGE', 'affine must be a finite 4×4 matrix', path);
  }
  const dt = datatypeOfArray(data);
  const q = affineToQuatern(affine);
  const buf = Buffer.alloc(VOX_OFFSET + n * dt.bytes);
  buf.writeInt32LE(HEADER_BYTES, 0);
  buf.writeInt16LE(shape.length, 40);
  for (let i = 0; i < 7; i++) buf.writeInt16LE(shape[i] ?? 1, 42 + 2 * i);
  buf.writeInt16LE(dt.code, 70);
  buf.writeInt16LE(dt.bytes * 8, 72);
  const pixdim = [q.qfac, ...q.zooms, ...shape.slice(3).map((_, i) => volume.spacing?.[3 + i] ?? 1)];
  for (let i = 0; i < 8; i++) buf.writeFloatLE(pixdim[i] ?? 1, 76 + 4 * i);
  buf.writeFloatLE(VOX_OFFSET, 108);
  buf.writeFloatLE(1, 112); // scl_slope
  buf.writeFloatLE(0, 116); // scl_inter
  buf.writeUInt8(2 | 8, 123); // xyzt_units: mm and s
  buf.write((volume.description ?? '').replace(/[^\x20-\x7e]/g, '?').slice(0, 79), 148, 'latin1');
  buf.writeInt16LE(q.orthogonal ? 1 : 0, 252); // qform_code
  buf.writeInt16LE(1, 254); // sform_code
  if (q.orthogonal) [q.b, q.c, q.d, q.x, q.y, q.z].forEach((v, i) => buf.writeFloatLE(v, 256 + 4 * i));
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) buf.writeFloatLE(affine[r]![c]!, 280 + 16 * r + 4 * c);
  buf.write('n+1\0', 344, 'latin1');
  writeVoxels(buf, VOX_OFFSET, data, dt.bytes);
  return buf;
}

function writeVoxels(buf: Buffer, offset: number, data: VoxelArray, bytes: number): void {
  const nativeLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (nativeLittle || bytes === 1) {
    buf.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    return;
  }
  const view = new DataView(buf.buffer, buf.byteOffset + offset);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (data instanceof Int16Array) view.setInt16(i * 2, v, true);
    else if (data instanceof Uint16Array) view.setUint16(i * 2, v, true);
    else if (data instanceof Int32Array) view.setInt32(i * 4, v, true);
    else if (data instanceof Uint32Array) view.setUint32(i * 4, v, true);
    else if (data instanceof Float32Array) view.setFloat32(i * 4, v, true);
    else view.setFloat64(i * 8, v, true);
  }
}
