import * as nifti from 'nifti-reader-js';
import { ParseError } from '../../../harness/errors.js';
import { diagonalAffine, quaternToAffine, type Mat4 } from './affine.js';
import { readMaybeGzip } from './gzip.js';
import { allocateVoxels, datatypeByCode, type VoxelArray, type VoxelTypeName, type Volume } from './nifti-types.js';

export interface ReadNiftiOptions {
  /** A label volume: NaN, infinities and non-integer values are a ParseError. */
  labels?: boolean;
}

type Header = ReturnType<typeof nifti.readHeader>;

/**
 * Reads a NIfTI-1 or NIfTI-2 `.nii` / `.nii.gz`. nifti-reader-js parses the
 * header; the byte order, scl_slope/scl_inter and the affine are applied here
 * because the library leaves them to the caller. Anything inconsistent
 * (truncated data, wrong magic, an unknown datatype) is a ParseError naming `path`.
 */
export function readNifti(path: string, options: ReadNiftiOptions = {}): Volume {
  const buf = readMaybeGzip(path);
  return decodeNifti(buf, path, options);
}

export function decodeNifti(buf: Buffer, path: string, options: ReadNiftiOptions = {}): Volume {
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  const header = parseHeader(ab, buf.length, path);
  const dt = datatypeByCode(header.datatypeCode);
  if (!dt) throw new ParseError(`unsupported NIfTI datatype code ${header.datatypeCode}`, path);
  if (header.numBitsPerVoxel !== dt.bytes * 8) {
    throw new ParseError(`bitpix ${header.numBitsPerVoxel} does not match datatype ${dt.name} (${dt.bytes * 8} bits)`, path);
  }
  const shape = shapeOf(header, path);
  const n = shape.reduce((p, s) => p * s, 1);
  const offset = Number(header.vox_offset);
  const headerSize = header instanceof nifti.NIFTI2 ? 540 : 348;
  if (!Number.isFinite(offset) || offset < headerSize) throw new ParseError(`vox_offset ${header.vox_offset} is inside the header`, path);
  const need = offset + n * dt.bytes;
  if (buf.length !== need) {
    throw new ParseError(
      `dimensions ${shape.join('×')} of ${dt.name} need ${n * dt.bytes} bytes after offset ${offset}, ` +
      `the file has ${Math.max(0, buf.length - offset)}${buf.length < need ? ' (truncated)' : ''}`, path);
  }
  const raw = decodeVoxels(buf, offset, n, dt.name, dt.bytes, header.littleEndian);
  const data = applyScaling(raw, header.scl_slope, header.scl_inter, dt.name);
  if (options.labels) checkLabels(data, path);
  const spacing = shape.map((_, i) => Math.abs(header.pixDims[i + 1] ?? 1) || 1);
  return {
    data,
    shape,
    spacing,
    affine: affineOf(header, buf, path),
    datatype: dt.name,
    description: (header.description ?? '').replace(/\0.*$/s, '').trim(),
  };
}

function parseHeader(ab: ArrayBuffer, length: number, path: string): Header {
  if (length < 348) throw new ParseError(`truncated: ${length} bytes, a NIfTI header needs at least 348`, path);
  if (!nifti.isNIFTI1(ab) && !nifti.isNIFTI2(ab)) {
    const magic = Buffer.from(ab.slice(344, 348)).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
    throw new ParseError(`not a single-file NIfTI: magic "${magic}" instead of "n+1" or "n+2"`, path);
  }
  if (nifti.isNIFTI2(ab) && length < 540) throw new ParseError(`truncated: ${length} bytes, a NIfTI-2 header needs 540`, path);
  try {
    return nifti.readHeader(ab);
  } catch (e) {
    throw new ParseError(`unreadable NIfTI header: ${(e as Error).message}`, path);
  }
}

function shapeOf(header: Header, path: string): number[] {
  const dims = header.dims.map(Number);
  const ndim = dims[0]!;
  if (!Number.isInteger(ndim) || ndim < 1 || ndim > 7) throw new ParseError(`dim[0] = ${ndim}, must be 1..7`, path);
  const shape = dims.slice(1, 1 + ndim);
  if (shape.some((s) => !Number.isSafeInteger(s) || s < 1)) throw new ParseError(`invalid dimensions ${shape.join('×')}`, path);
  if (shape.reduce((p, s) => p * s, 1) > 2 ** 31) throw new ParseError(`dimensions ${shape.join('×')} are too large`, path);
  return shape;
}

function decodeVoxels(buf: Buffer, offset: number, n: number, name: VoxelTypeName, bytes: number, little: boolean): VoxelArray {
  const view = new DataView(buf.buffer, buf.byteOffset + offset, n * bytes);
  const out = allocateVoxels(name, n);
  const nativeLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (bytes === 1 || (little === nativeLittle && name !== 'int64' && name !== 'uint64')) {
    new Uint8Array(out.buffer).set(buf.subarray(offset, offset + n * bytes));
    return out;
  }
  for (let i = 0; i < n; i++) {
    const at = i * bytes;
    switch (name) {
      case 'int16': out[i] = view.getInt16(at, little); break;
      case 'uint16': out[i] = view.getUint16(at, little); break;
      case 'int32': out[i] = view.getInt32(at, little); break;
      case 'uint32': out[i] = view.getUint32(at, little); break;
      case 'float32': out[i] = view.getFloat32(at, little); break;
      case 'float64': out[i] = view.getFloat64(at, little); break;
      case 'int64': out[i] = Number(view.getBigInt64(at, little)); break;
      default: out[i] = Number(view.getBigUint64(at, little));
    }
  }
  return out;
}

/** scl_slope 0 or non-finite means "no scaling", as in the standard and nibabel. */
function applyScaling(raw: VoxelArray, slope: number, inter: number, name: string): VoxelArray {
  if (!Number.isFinite(slope) || slope === 0) return raw;
  const s = slope;
  const b = Number.isFinite(inter) ? inter : 0;
  if (s === 1 && b === 0) return raw;
  const out = name === 'float64' || name === 'int32' || name === 'uint32' ? new Float64Array(raw.length) : new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i]! * s + b;
  return out;
}

function checkLabels(data: VoxelArray, path: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) throw new ParseError(`label volume holds ${v} at voxel ${i}`, path);
    if (!Number.isInteger(v)) throw new ParseError(`label volume holds the non-integer ${v} at voxel ${i}`, path);
  }
}

function affineOf(header: Header, buf: Buffer, path: string): Mat4 {
  const zooms = [1, 2, 3].map((i) => header.pixDims[i] ?? 1);
  let m: Mat4;
  if (header.sform_code > 0) {
    // Read srow ourselves: for NIfTI-1, nifti-reader-js prefers the qform when both codes are set.
    const two = header instanceof nifti.NIFTI2;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    m = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => two
      ? view.getFloat64(400 + (4 * r + c) * 8, header.littleEndian)
      : view.getFloat32(280 + (4 * r + c) * 4, header.littleEndian)));
    m.push([0, 0, 0, 1]);
  } else if (header.qform_code > 0) {
    const q = { b: header.quatern_b, c: header.quatern_c, d: header.quatern_d, x: header.qoffset_x, y: header.qoffset_y, z: header.qoffset_z };
    m = quaternToAffine(q, zooms, (header.pixDims[0] ?? 1) < 0 ? -1 : 1);
  } else {
    m = diagonalAffine(zooms);
  }
  if (m.flat().some((v) => !Number.isFinite(v))) throw new ParseError('the affine holds NaN or infinity', path);
  return m;
}
