import { MedgradeError } from '../../errors.js';
import { decodeFile } from './decode.js';
import { hashImage } from './hash.js';

/** One file after decoding and hashing; a file that fails keeps its error instead. */
export type HashedFile =
  | {
      file: string;
      ok: true;
      format: 'png' | 'jpeg' | 'nifti' | 'dicom';
      width: number;
      height: number;
      exact: string;
      dHash: [number, number];
      pHash: [number, number];
      thumb: Float32Array;
      embeddedPatient?: string;
      description?: string;
    }
  | { file: string; ok: false; error: string };

export function hashOne(file: string): HashedFile {
  try {
    const img = decodeFile(file);
    const { dHash, pHash, thumb } = hashImage(img.gray);
    return {
      file, ok: true, format: img.format, width: img.gray.width, height: img.gray.height,
      exact: img.exact, dHash, pHash, thumb,
      ...(img.embeddedPatient ? { embeddedPatient: img.embeddedPatient } : {}),
      ...(img.description ? { description: img.description } : {}),
    };
  } catch (err) {
    // Only our own parse errors are expected; anything else still becomes a per-file failure
    // so one odd file cannot stop a batch, but its message says it was unexpected.
    const msg = err instanceof MedgradeError ? err.message : `unexpected decoder failure: ${(err as Error).message} (${file})`;
    return { file, ok: false, error: msg };
  }
}
