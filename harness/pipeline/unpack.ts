import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { copyFolder } from '../intake/copy.js';
import type { Discovered } from '../intake/discover.js';
import { hashFiles, listFiles } from '../intake/hash.js';
import { groupFromName, isIgnoredPath, isReportName } from '../intake/names.js';
import { DEFAULT_LIMITS, extractZip, type Extracted, type IntakeLimits } from '../intake/zip.js';
import type { Unpacked } from './types.js';

export type { Discovered } from '../intake/discover.js';
export type { IntakeLimits } from '../intake/zip.js';

/**
 * Students sometimes zip their zip: a package that holds nothing but one .zip is
 * replaced by that zip's contents, under the same checks and limits.
 */
async function unwrapNestedZip(dest: string, limits: IntakeLimits, outer: Extracted): Promise<Extracted> {
  const files = listFiles(dest);
  if (files.length !== 1 || !/\.zip$/i.test(files[0]!)) return outer;
  const inner = join(dirname(dest), `${basename(dest)}.inner.zip`);
  renameSync(join(dest, files[0]!), inner);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  try {
    const result = await extractZip(inner, dest, files[0]!, limits);
    return { rejected: result.rejected, findings: [...outer.findings, ...result.findings] };
  } finally {
    rmSync(inner, { force: true });
  }
}

/** When a package holds only one folder (and OS litter), that folder is the submission root. */
function singleTopFolder(dir: string): string {
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => !isIgnoredPath(e.name));
  const only = entries[0];
  return entries.length === 1 && only?.isDirectory() ? join(dir, only.name) : dir;
}

/** A report inside the package: Report_group{N}.pdf for this group first, then any report*.pdf. */
function reportInside(files: string[], group: number | null): string | null {
  const reports = files.filter((f) => isReportName(basename(f)));
  return reports.find((f) => group !== null && groupFromName(basename(f)) === group) ?? reports[0] ?? null;
}

/**
 * unpack: copies a submission folder or safely extracts its zip into
 * workRoot/<id> (emptied first: the harness owns it). A refused input comes back
 * with rejected: true and its findings, never as a throw.
 */
export async function unpack(discovered: Discovered, workRoot: string, limits: IntakeLimits = DEFAULT_LIMITS): Promise<Unpacked> {
  const dest = join(workRoot, discovered.id);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  let result: Extracted = { rejected: false, findings: [] };
  if (discovered.packageKind === 'zip' && discovered.package) {
    result = await extractZip(discovered.package, dest, basename(discovered.package), limits);
  } else if (discovered.packageKind === 'folder' && discovered.package) {
    result = copyFolder(discovered.package, dest, limits);
  } else if (discovered.package) {
    // discover already explained the unsupported format in a finding.
    result = { rejected: true, findings: [] };
  }
  if (!result.rejected) result = await unwrapNestedZip(dest, limits, result);
  if (result.rejected) {
    // Nothing half-extracted stays around for a later stage to pick up.
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dest, { recursive: true });
  }
  const root = result.rejected ? dest : singleTopFolder(dest);
  const files = listFiles(root);
  const inner = reportInside(files, discovered.group);
  const report = discovered.report ?? (inner ? join(root, inner) : null);
  const hashed = files.map((f) => ({ name: f, path: join(root, f) }));
  if (discovered.report) hashed.push({ name: `(report)/${basename(discovered.report)}`, path: discovered.report });
  return {
    id: discovered.id,
    group: discovered.group,
    sources: discovered.sources,
    root,
    files,
    report,
    hash: await hashFiles(hashed),
    findings: [...discovered.findings, ...result.findings],
    rejected: result.rejected,
  };
}
