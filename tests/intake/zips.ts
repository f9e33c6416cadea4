import yazl from 'yazl';

/** Test helper: builds zips in memory with yazl, and patches names yazl refuses to write. */
export interface ZipItem { name: string; data?: Buffer | string; mode?: number; compress?: boolean }

export function buildZip(items: ZipItem[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const it of items) {
    if (it.name.endsWith('/')) zip.addEmptyDirectory(it.name);
    else zip.addBuffer(Buffer.from(it.data ?? ''), it.name, { compress: it.compress ?? true, ...(it.mode !== undefined ? { mode: it.mode } : {}) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((res, rej) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => res(Buffer.concat(chunks)));
    zip.outputStream.on('error', rej);
  });
}

/** Replaces every occurrence of a same-length name in the local and central headers (names are not in the CRC). */
export function patchName(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('patchName needs names of equal length');
  const out = Buffer.from(zip);
  const needle = Buffer.from(from);
  let found = 0;
  for (let i = out.indexOf(needle); i !== -1; i = out.indexOf(needle, i + 1)) { Buffer.from(to).copy(out, i); found++; }
  if (found < 2) throw new Error(`name ${from} found ${found} times`);
  return out;
}

/**
 * Rewrites the declared uncompressed size of every entry (local header offset 22,
 * central header offset 24), making a zip bomb that lies in its headers.
 */
export function lieAboutSizes(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt32LE(size, i + 22);
    else if (sig === 0x02014b50) out.writeUInt32LE(size, i + 24);
  }
  return out;
}
