import { ParseError } from '../../../harness/errors.js';
import { readMaybeGzip } from './gzip.js';

/** An IDX array (MNIST, Fashion-MNIST): C order, last axis fastest. */
export interface IdxArray {
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
  shape: number[];
}

const TYPES: Record<number, { bytes: number; name: string }> = {
  0x08: { bytes: 1, name: 'uint8' }, 0x09: { bytes: 1, name: 'int8' }, 0x0b: { bytes: 2, name: 'int16' },
  0x0c: { bytes: 4, name: 'int32' }, 0x0d: { bytes: 4, name: 'float32' }, 0x0e: { bytes: 8, name: 'float64' },
};

/** Reads an IDX file, raw or gzip-compressed. Values are big-endian in the file. */
export function readIdx(path: string): IdxArray {
  return decodeIdx(readMaybeGzip(path), path);
}

export function decodeIdx(buf: Buffer, path: string): IdxArray {
  if (buf.length < 4) throw new ParseError(`truncated: ${buf.length} bytes, IDX needs a 4-byte magic`, path);
  const type = TYPES[buf[2]!];
  if (buf[0] !== 0 || buf[1] !== 0 || !type) {
    throw new ParseError(`not an IDX file: magic ${buf.subarray(0, 4).toString('hex')}`, path);
  }
  const ndim = buf[3]!;
  if (ndim < 1 || buf.length < 4 + 4 * ndim) throw new ParseError(`truncated IDX header for ${ndim} dimensions`, path);
  const shape = Array.from({ length: ndim }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const n = shape.reduce((p, s) => p * s, 1);
  const offset = 4 + 4 * ndim;
  if (buf.length !== offset + n * type.bytes) {
    throw new ParseError(`dimensions ${shape.join('×')} need ${n * type.bytes} data bytes, the file has ${buf.length - offset}`, path);
  }
  const view = new DataView(buf.buffer, buf.byteOffset + offset, n * type.bytes);
  switch (type.name) {
    case 'uint8': return { data: new Uint8Array(buf.subarray(offset)), shape };
    case 'int8': return { data: new Int8Array(buf.subarray(offset)), shape };
    case 'int16': return { data: Int16Array.from({ length: n }, (_, i) => view.getInt16(2 * i, false)), shape };
    case 'int32': return { data: Int32Array.from({ length: n }, (_, i) => view.getInt32(4 * i, false)), shape };
    case 'float32': return { data: Float32Array.from({ length: n }, (_, i) => view.getFloat32(4 * i, false)), shape };
    default: return { data: Float64Array.from({ length: n }, (_, i) => view.getFloat64(8 * i, false)), shape };
  }
}

/** Writes a uint8 IDX array (raw; gzip it yourself if wanted). */
export function encodeIdxUint8(data: Uint8Array, shape: number[]): Buffer {
  const n = shape.reduce((p, s) => p * s, 1);
  if (n !== data.length) throw new ParseError(`shape ${shape.join('×')} needs ${n} values, got ${data.length}`, '<memory>');
  const head = Buffer.alloc(4 + 4 * shape.length);
  head[2] = 0x08;
  head[3] = shape.length;
  shape.forEach((s, i) => head.writeUInt32BE(s, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}
