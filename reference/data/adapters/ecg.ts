import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ParseError } from '../../../harness/errors.js';
import { writeDatasetJson } from './describe.js';
import { decodeNpy, writeNpy } from './npy.js';
import { verifySources, type SourceFile } from './source.js';

export const ECG_SOURCES: SourceFile[] = [{
  path: '/usr/lib/python3/dist-packages/scipy/misc/ecg.dat',
  sha256: 'f20ad3365fb9b7f845d0e5c48b6fe67081377ee466c3a220b7f69f35c8958baf',
  from: { kind: 'debian', name: 'python3-scipy', version: '1.10.1-2' },
}];

const FS = 360;

/** The first entry of a zip (scipy's ecg.dat is an .npz holding only ecg.npy). */
function firstZipEntry(buf: Buffer, file: string): { name: string; data: Buffer } {
  if (buf.length < 30 || buf.readUInt32LE(0) !== 0x04034b50) throw new ParseError('not a zip (.npz) file', file);
  const method = buf.readUInt16LE(8);
  const size = buf.readUInt32LE(18);
  const nameLen = buf.readUInt16LE(26);
  const extra = buf.readUInt16LE(28);
  const name = buf.toString('utf8', 30, 30 + nameLen);
  const body = buf.subarray(30 + nameLen + extra, 30 + nameLen + extra + size);
  if (method === 0) return { name, data: body };
  if (method !== 8) throw new ParseError(`zip compression method ${method} is not supported`, file);
  try {
    return { name, data: inflateRawSync(body) };
  } catch (e) {
    throw new ParseError(`corrupt deflate stream: ${(e as Error).message}`, file);
  }
}

/**
 * MIT-BIH record 208 as shipped by scipy (scipy.misc.electrocardiogram): raw
 * uint16 ADC values, converted to mV as scipy does, (raw − 1024) / 200, at 360 Hz.
 */
export function adaptMitbihEcg(o: { out: string }): string[] {
  const src = ECG_SOURCES[0]!;
  const bytes = verifySources(ECG_SOURCES).get(src.path)!;
  const entry = firstZipEntry(bytes, src.path);
  const npy = decodeNpy(entry.data, src.path);
  if (entry.name !== 'ecg.npy' || npy.descr !== '<u2' || npy.shape.length !== 1) {
    throw new ParseError(`expected ecg.npy of uint16, got ${entry.name} ${npy.descr} ${npy.shape.join('×')}`, src.path);
  }
  const n = npy.shape[0]!;
  if (npy.body.length !== 2 * n) throw new ParseError(`ecg.npy holds ${npy.body.length} bytes for ${n} samples`, src.path);
  const mv = new Float32Array(n);
  const lines = ['sample,time_s,mV'];
  for (let i = 0; i < n; i++) {
    const v = (npy.body.readUInt16LE(2 * i) - 1024) / 200;
    mv[i] = v;
    lines.push(`${i},${(i / FS).toFixed(6)},${v}`);
  }
  mkdirSync(o.out, { recursive: true });
  writeNpy(join(o.out, 'ecg_mv.npy'), mv, [n]);
  writeFileSync(join(o.out, 'ecg.csv'), lines.join('\n') + '\n');
  writeDatasetJson(o.out, {
    name: 'mitbih-ecg', real: true, licence: 'BSD-3-Clause (SciPy); data: MIT-BIH Arrhythmia Database record 208 (ODC-By)',
    layout: { 'ecg_mv.npy': `float32 ${n} samples in mV at ${FS} Hz`, 'ecg.csv': 'sample,time_s,mV' },
    steps: ['verified sha256', 'inflated ecg.npy from the .npz', 'converted ADC units to mV: (raw - 1024) / 200, as scipy.misc.electrocardiogram'],
    notes: ['no beat annotations ship with this record in scipy'],
  }, ECG_SOURCES);
  return [`Wrote REAL MIT-BIH ECG record 208 (${n} samples, ${(n / FS).toFixed(0)} s at ${FS} Hz) to ${o.out}`, `  see ${o.out}/DATASET.json`];
}
