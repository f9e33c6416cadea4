import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ParseError } from '../../../harness/errors.js';
import type { Mat4 } from './affine.js';

/** The parts of daikon's Image we use (daikon ships no types). */
interface DaikonImage {
  getRows(): number;
  getCols(): number;
  getPixelSpacing(): number[] | null;
  getSliceThickness(): number | null;
  getImagePosition(): number[] | null;
  getImageDirections(): number[] | null;
  getPatientID(): string | null;
  getSeriesId(): string;
  getImageNumber(): number | null;
  hasPixelData(): boolean;
  getInterpretedData(): Float32Array;
}
interface Daikon { Series: { parseImage(view: DataView): DaikonImage | null; parserError: unknown } }

/** A DICOM series stacked into a volume; `data` has columns fastest, then rows, then slices. */
export interface DicomVolume {
  data: Float32Array;
  /** [columns, rows, slices] */
  shape: [number, number, number];
  /** millimetres along columns, rows and slices */
  spacing: [number, number, number];
  /** voxel (i=column, j=row, k=slice) → patient LPS millimetres */
  affine: Mat4;
  patientId: string;
  seriesId: string;
  files: string[];
}

/**
 * Reads every DICOM file in `dir` (or the given files) with daikon, keeps those
 * with pixel data, orders them along the slice normal (image number when there
 * is no position) and stacks them. Rescale slope/intercept are applied by daikon.
 * Files that are not DICOM, mixed series or mixed slice sizes are ParseErrors.
 */
export function readDicomSeries(dirOrFiles: string | string[]): DicomVolume {
  const label = typeof dirOrFiles === 'string' ? dirOrFiles : dirOrFiles[0] ?? '<none>';
  const files = typeof dirOrFiles === 'string'
    ? readdirSync(dirOrFiles).sort().map((f) => join(dirOrFiles, f)).filter((f) => statSync(f).isFile())
    : dirOrFiles;
  const daikon = createRequire(import.meta.url)('daikon') as Daikon;
  const slices: { file: string; img: DaikonImage }[] = [];
  for (const file of files) {
    const buf = readFileSync(file);
    let img: DaikonImage | null = null;
    try {
      img = daikon.Series.parseImage(new DataView(buf.buffer, buf.byteOffset, buf.byteLength));
    } catch { img = null; }
    if (!img) throw new ParseError('not a readable DICOM file', file);
    if (img.hasPixelData()) slices.push({ file, img });
  }
  if (slices.length === 0) throw new ParseError('no DICOM file with pixel data', label);
  const first = slices[0]!.img;
  const rows = first.getRows();
  const cols = first.getCols();
  for (const s of slices) {
    if (s.img.getSeriesId() !== first.getSeriesId()) throw new ParseError(`a second series "${s.img.getSeriesId()}" in the folder`, s.file);
    if (s.img.getRows() !== rows || s.img.getCols() !== cols) {
      throw new ParseError(`slice is ${s.img.getCols()}×${s.img.getRows()}, the series is ${cols}×${rows}`, s.file);
    }
  }
  const dirs = first.getImageDirections() ?? [1, 0, 0, 0, 1, 0];
  const u = dirs.slice(0, 3);
  const v = dirs.slice(3, 6);
  const normal = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const along = (img: DaikonImage): number => {
    const p = img.getImagePosition();
    return p ? p[0]! * normal[0]! + p[1]! * normal[1]! + p[2]! * normal[2]! : img.getImageNumber() ?? 0;
  };
  slices.sort((a, b) => along(a.img) - along(b.img));
  const perSlice = rows * cols;
  const chunks = slices.map((s) => {
    const d = s.img.getInterpretedData();
    if (d.length === 0 || d.length % perSlice !== 0) throw new ParseError(`pixel data of ${d.length} values is not whole ${cols}×${rows} frames`, s.file);
    return d;
  });
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const data = new Float32Array(total);
  let at = 0;
  for (const c of chunks) { data.set(c, at); at += c.length; }
  const ps = first.getPixelSpacing() ?? [1, 1];
  const positions = slices.map((s) => s.img.getImagePosition());
  const gap = slices.length > 1 && positions[0] && positions[1] ? Math.abs(along(slices[1]!.img) - along(slices[0]!.img)) : 0;
  const dz = gap > 0 ? gap : first.getSliceThickness() ?? 1;
  const spacing: [number, number, number] = [ps[1] ?? 1, ps[0] ?? 1, dz];
  const origin = positions[0] ?? [0, 0, 0];
  const affine: Mat4 = [0, 1, 2].map((r) => [u[r]! * spacing[0], v[r]! * spacing[1], normal[r]! * spacing[2], origin[r]!]);
  affine.push([0, 0, 0, 1]);
  return {
    data, shape: [cols, rows, total / perSlice], spacing, affine,
    patientId: (first.getPatientID() ?? '').trim(), seriesId: first.getSeriesId(), files: slices.map((s) => s.file),
  };
}
