import { writeFileSync } from 'node:fs';

type NpyArray = Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;

function descr(a: NpyArray): string {
  if (a instanceof Uint8Array) return '|u1';
  if (a instanceof Int16Array) return '<i2';
  if (a instanceof Int32Array) return '<i4';
  if (a instanceof Float32Array) return '<f4';
  return '<f8';
}

/**
 * Encodes a C-order array as NumPy .npy version 1.0, so students load it with
 * `np.load`. Little-endian hosts only (Node on x86 and ARM).
 */
export function encodeNpy(data: NpyArray, shape: number[]): Buffer {
  const n = shape.reduce((p, s) => p * s, 1);
  if (n !== data.length) throw new Error(`npy: shape ${shape.join('×')} needs ${n} values, got ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr(data)}', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

export function writeNpy(path: string, data: NpyArray, shape: number[]): void {
  writeFileSync(path, encodeNpy(data, shape));
}

/** Reads the array out of a .npy v1/v2 buffer (scipy's ecg.npy is uint16). */
export function decodeNpy(buf: Buffer, file: string): { descr: string; shape: number[]; body: Buffer } {
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = buf[6]!;
  const len = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + len);
  const d = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const s = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!d || s === undefined || /'fortran_order':\s*True/.test(header)) throw new Error(`${file}: unsupported .npy header ${header}`);
  const shape = s.split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  return { descr: d, shape, body: buf.subarray(start + len) };
}
