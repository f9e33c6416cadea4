import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ParseError } from '../../../harness/errors.js';

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Reads a file and inflates it when it starts with the gzip magic. A `.gz` name
 * without that magic, or a stream that does not inflate, is a ParseError.
 */
export function readMaybeGzip(path: string): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new ParseError(`cannot read the file: ${(e as Error).message}`, path);
  }
  if (!isGzip(raw)) {
    if (path.endsWith('.gz')) throw new ParseError('the name ends in .gz but the file is not gzip-compressed', path);
    return raw;
  }
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new ParseError(`corrupt gzip stream: ${(e as Error).message}`, path);
  }
}
