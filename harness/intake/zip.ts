import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { finding, type Finding } from '../schema/finding.js';
import { collisions, normaliseEntryName, SYMLINK_MODE, unsafeNameReason } from './entries.js';
import { isIgnoredPath } from './names.js';

export interface IntakeLimits {
  /** Most entries (files and folders) in one submission. */
  maxEntries: number;
  /** Most bytes a submission may unpack to, counted as they are inflated. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: IntakeLimits = { maxEntries: 10_000, maxBytes: 1024 ** 3 };

export interface Extracted { findings: Finding[]; rejected: boolean }

const CHECK = 'intake/unpack';

class LimitExceeded extends Error {}

function open(path: string): Promise<ZipFile> {
  return new Promise((res, rej) => yauzl.open(path, {
    lazyEntries: true, autoClose: false, decodeStrings: false,
    // Off on purpose: the byte counter in inflate() is the guard, and it must see a lying header exceed the limit.
    validateEntrySizes: false,
  }, (err, zf) => (err || !zf ? rej(err ?? new Error('no zip file')) : res(zf))));
}

/** Reads the central directory; stops early past maxEntries. */
function readEntries(zf: ZipFile, max: number): Promise<{ entries: Entry[]; overflow: boolean }> {
  return new Promise((res, rej) => {
    const entries: Entry[] = [];
    zf.on('entry', (e: Entry) => {
      entries.push(e);
      if (entries.length > max) res({ entries, overflow: true });
      else zf.readEntry();
    });
    zf.on('end', () => res({ entries, overflow: false }));
    zf.on('error', rej);
    zf.readEntry();
  });
}

/** Names are bytes in a zip: UTF-8 when flagged or when they decode cleanly, else Latin-1. */
function entryName(e: Entry): string {
  const raw = e.fileName as unknown as Buffer | string;
  if (typeof raw === 'string') return raw;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}

function openStream(zf: ZipFile, e: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((res, rej) => zf.openReadStream(e, (err, s) => (err || !s ? rej(err ?? new Error('no stream')) : res(s))));
}

const unsafe = (file: string, message: string, fix: string): Finding =>
  finding({ check: CHECK, kind: 'unsafe-archive', severity: 'error', file, message, fix });

/**
 * Extracts a zip into dest after validating every entry name and the declared
 * sizes, then counts the bytes actually inflated, since a zip bomb lies in its
 * headers. Any problem rejects the whole archive: a finding per entry, no crash.
 */
export async function extractZip(zipPath: string, dest: string, archiveName: string, limits: IntakeLimits): Promise<Extracted> {
  let zf: ZipFile;
  try {
    zf = await open(zipPath);
  } catch (e) {
    return { rejected: true, findings: [unreadable(archiveName, (e as Error).message)] };
  }
  try {
    return await extractOpened(zf, dest, archiveName, limits);
  } finally {
    zf.close();
  }
}

function unreadable(file: string, why: string): Finding {
  return finding({
    check: CHECK, kind: 'unreadable-input', severity: 'error', file,
    message: `The archive could not be read: ${why}.`,
    fix: 'Re-create the zip with a standard tool (e.g. "zip -r" or Explore → Send to → Compressed folder), without a password, and upload it again.',
  });
}

function tooLarge(file: string, message: string): Finding {
  return finding({
    check: CHECK, kind: 'archive-too-large', severity: 'error', file, message,
    fix: 'Submit only code, notebooks, CSV results and a few figures; leave out the dataset and model weights.',
  });
}

async function extractOpened(zf: ZipFile, dest: string, archiveName: string, limits: IntakeLimits): Promise<Extracted> {
  if (zf.entryCount > limits.maxEntries) {
    return { rejected: true, findings: [tooLarge(archiveName, `The archive has ${zf.entryCount} entries; at most ${limits.maxEntries} are allowed.`)] };
  }
  let listed: { entries: Entry[]; overflow: boolean };
  try {
    listed = await readEntries(zf, limits.maxEntries);
  } catch (e) {
    return { rejected: true, findings: [unreadable(archiveName, (e as Error).message)] };
  }
  if (listed.overflow) {
    return { rejected: true, findings: [tooLarge(archiveName, `The archive has more than ${limits.maxEntries} entries.`)] };
  }
  const findings: Finding[] = [];
  const kept: { entry: Entry; name: string; dir: boolean }[] = [];
  let declared = 0;
  for (const entry of listed.entries) {
    const name = normaliseEntryName(entryName(entry));
    const reason = unsafeNameReason(name);
    if (reason) {
      findings.push(unsafe(name, `The archive entry "${name}" ${reason}; extracting it could write outside the submission folder.`,
        'Zip the project folder itself with relative paths (e.g. "cd project && zip -r ../group12.zip .").'));
      continue;
    }
    if (((entry.externalFileAttributes >>> 16) & 0o170000) === SYMLINK_MODE) {
      findings.push(unsafe(name, `The archive entry "${name}" is a symbolic link; links are not extracted because they can point outside the submission.`,
        'Replace the link with the file it points to, or remove it (e.g. zip without -y).'));
      continue;
    }
    if (isIgnoredPath(name)) continue;
    declared += entry.uncompressedSize;
    kept.push({ entry, name, dir: name.endsWith('/') });
  }
  for (const c of collisions(kept)) {
    findings.push(unsafe(c.name, `The archive entry "${c.name}" ${c.reason}.`, 'Rename one of the two files so the names differ by more than letter case or accents.'));
  }
  if (declared > limits.maxBytes) findings.push(tooLarge(archiveName, `The archive declares ${declared} bytes unpacked; at most ${limits.maxBytes} are allowed.`));
  if (findings.length > 0) return { rejected: true, findings };
  return inflate(zf, kept, dest, archiveName, limits);
}

async function inflate(zf: ZipFile, kept: { entry: Entry; name: string; dir: boolean }[], dest: string, archiveName: string, limits: IntakeLimits): Promise<Extracted> {
  let total = 0;
  for (const { entry, name, dir } of kept) {
    const target = join(dest, name);
    if (dir) { mkdirSync(target, { recursive: true }); continue; }
    mkdirSync(dirname(target), { recursive: true });
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        total += chunk.length;
        if (total > limits.maxBytes) done(new LimitExceeded());
        else done(null, chunk);
      },
    });
    try {
      await pipeline(await openStream(zf, entry), counter, createWriteStream(target, { mode: 0o644 }));
    } catch (e) {
      if (e instanceof LimitExceeded) {
        return { rejected: true, findings: [tooLarge(name, `The archive inflates to more than ${limits.maxBytes} bytes (stopped while extracting "${name}"); its headers declare less.`)] };
      }
      return { rejected: true, findings: [unreadable(archiveName, `entry "${name}": ${(e as Error).message}`)] };
    }
  }
  return { rejected: false, findings: [] };
}
