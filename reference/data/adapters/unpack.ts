import { gunzipSync } from 'node:zlib';
import { ParseError } from '../../../harness/errors.js';
import { isGzip } from '../../core/io/gzip.js';

export function gunzipIfNeeded(buf: Buffer, file: string): Buffer {
  if (!isGzip(buf)) return buf;
  try {
    return gunzipSync(buf);
  } catch (e) {
    throw new ParseError(`corrupt gzip stream: ${(e as Error).message}`, file);
  }
}

/** The regular files of a (gunzipped) POSIX tar, by path; enough for InVesalius .inv3 archives. */
export function untar(buf: Buffer, file: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (at + 512 <= buf.length) {
    const header = buf.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.toString('latin1', 0, 100).replace(/\0.*$/s, '');
    const prefix = header.toString('latin1', 345, 500).replace(/\0.*$/s, '');
    const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    if (!Number.isFinite(size) || at + 512 + size > buf.length) throw new ParseError(`truncated tar entry "${name}"`, file);
    if (type === '0' || type === '\0') out.set(prefix ? `${prefix}/${name}` : name, buf.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
