import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as nifti from 'nifti-reader-js';
import { ParseError } from '../../errors.js';
import type { DecodedImage, GrayImage } from './types.js';

/**
 * Volumes (NIfTI, DICOM) are hashed exactly over all their scaled voxel values,
 * and perceptually over one slice: the middle slice along the last spatial axis,
 * windowed to its 1st–99th percentile. A resampled or re-saved copy of the same
 * scan keeps that slice close; two different patients do not share it.
 */
export function decodeNifti(buf: Buffer, file: string): DecodedImage {
  let data: ArrayBuffer = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  try {
    if (nifti.isCompressed(data)) data = nifti.decompress(data) as ArrayBuffer;
  } catch (err) {
    throw new ParseError(`corrupt gzip in NIfTI: ${(err as Error).message}`, file);
  }
  if (!nifti.isNIFTI(data)) throw new ParseError('not a NIfTI-1/2 file (bad header)', file);
  const header = nifti.readHeader(data);
  const dims = header.dims;
  const nx = dims[1] ?? 0, ny = Math.max(1, dims[2] ?? 1), nz = Math.max(1, dims[3] ?? 1);
  if (nx <= 0) throw new ParseError('NIfTI has an empty first dimension', file);
  const count = nx * ny * nz;
  const raw = nifti.readImage(header, data);
  const values = readVoxels(raw, header.datatypeCode, header.littleEndian, count, file);
  const slope = header.scl_slope && Number.isFinite(header.scl_slope) ? header.scl_slope : 1;
  const inter = Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  if (slope !== 1 || inter !== 0) for (let i = 0; i < count; i++) values[i] = values[i]! * slope + inter;
  const descrip = (header.description ?? '').replace(/\0+$/, '').trim();
  return {
    gray: middleSlice(values, nx, ny, nz),
    exact: exactVolumeHash([nx, ny, nz], values),
    ...(descrip ? { description: descrip } : {}),
    format: 'nifti',
  };
}

function readVoxels(raw: ArrayBuffer, code: number, little: boolean, count: number, file: string): Float64Array {
  const view = new DataView(raw);
  const out = new Float64Array(count);
  const reader: [number, (o: number) => number] | undefined = ({
    2: [1, (o: number) => view.getUint8(o)],
    256: [1, (o: number) => view.getInt8(o)],
    4: [2, (o: number) => view.getInt16(o, little)],
    512: [2, (o: number) => view.getUint16(o, little)],
    8: [4, (o: number) => view.getInt32(o, little)],
    768: [4, (o: number) => view.getUint32(o, little)],
    16: [4, (o: number) => view.getFloat32(o, little)],
    64: [8, (o: number) => view.getFloat64(o, little)],
  } as Record<number, [number, (o: number) => number]>)[code];
  if (!reader) throw new ParseError(`NIfTI datatype ${code} is not supported for hashing`, file);
  const [size, get] = reader;
  if (raw.byteLength < count * size) throw new ParseError('NIfTI image data is shorter than its header says', file);
  for (let i = 0; i < count; i++) {
    const v = get(i * size);
    out[i] = Number.isFinite(v) ? v : 0;
  }
  return out;
}

/** The middle z slice, windowed to 8 bits between its 1st and 99th percentile. */
export function middleSlice(values: ArrayLike<number>, nx: number, ny: number, nz: number): GrayImage {
  const z = Math.floor(nz / 2);
  const slice = new Float64Array(nx * ny);
  for (let i = 0; i < slice.length; i++) slice[i] = values[z * nx * ny + i]!;
  const sorted = Float64Array.from(slice).sort();
  const lo = sorted[Math.floor(0.01 * (sorted.length - 1))]!;
  const hi = sorted[Math.ceil(0.99 * (sorted.length - 1))]!;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const data = new Uint8Array(slice.length);
  for (let i = 0; i < slice.length; i++) data[i] = Math.max(0, Math.min(255, Math.round((slice[i]! - lo) * scale)));
  return { width: nx, height: ny, data };
}

function exactVolumeHash(dims: number[], values: Float64Array): string {
  const h = createHash('sha256');
  h.update(`vol:${dims.join('x')}:`);
  h.update(new Uint8Array(Float32Array.from(values).buffer));
  return h.digest('hex');
}

interface DaikonImage {
  getCols(): number; getRows(): number; getNumberOfFrames(): number;
  hasPixelData(): boolean; getPatientID(): string | null;
  getInterpretedData(asArray?: boolean, asObject?: boolean, frame?: number): Float32Array;
}
interface Daikon { Series: { parseImage(view: DataView): DaikonImage | null; parserError?: unknown } }

/** DICOM via daikon (CommonJS, no types: loaded through require). */
export function decodeDicom(buf: Buffer, file: string): DecodedImage {
  const daikon = createRequire(import.meta.url)('daikon') as Daikon;
  let image: DaikonImage | null;
  try {
    image = daikon.Series.parseImage(new DataView(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (err) {
    throw new ParseError(`corrupt DICOM: ${(err as Error).message}`, file);
  }
  if (!image) throw new ParseError(`corrupt DICOM: ${String(daikon.Series.parserError ?? 'unparsable')}`, file);
  if (!image.hasPixelData()) throw new ParseError('DICOM has no pixel data', file);
  const nx = image.getCols(), ny = image.getRows();
  const nz = Math.max(1, image.getNumberOfFrames());
  let values: Float32Array;
  try {
    values = image.getInterpretedData();
  } catch (err) {
    throw new ParseError(`DICOM pixel data could not be decoded: ${(err as Error).message}`, file);
  }
  if (!values || values.length < nx * ny * nz) throw new ParseError('DICOM pixel data is shorter than its header says', file);
  const id = (image.getPatientID() ?? '').trim();
  return {
    gray: middleSlice(values, nx, ny, nz),
    exact: exactVolumeHash([nx, ny, nz], Float64Array.from(values)),
    ...(id ? { embeddedPatient: id } : {}),
    format: 'dicom',
  };
}
