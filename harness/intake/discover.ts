import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { MedgradeError } from '../errors.js';
import { finding, type Finding } from '../schema/finding.js';
import { baseId, groupFromName, isReportName, uniqueIds } from './names.js';

/** One submission found in the inputs, before anything is copied or extracted. */
export interface Discovered {
  id: string;
  group: number | null;
  /** The code package: a folder or a .zip; null when only a report was uploaded. */
  package: string | null;
  /** null with a package: an archive format intake does not open (.rar, .7z, .tar...); unpack rejects it. */
  packageKind: 'folder' | 'zip' | null;
  /** A report uploaded beside the package (absolute path), if any. */
  report: string | null;
  sources: string[];
  findings: Finding[];
}

const CODE_FILE = /\.(py|ipynb)$/i;
/** Archives students upload instead of a zip; they become a finding, not a silent skip. */
const OTHER_ARCHIVE = /\.(rar|7z|tar|tgz|tar\.gz|tar\.bz2|tar\.xz|gz)$/i;

/**
 * A folder is a batch when it has no code at its top level and holds zips, group-named
 * folders, or several folders with code; otherwise it is one submission folder.
 */
function isBatchFolder(dir: string): boolean {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && (CODE_FILE.test(e.name) || e.name === 'requirements.txt'))) return false;
  if (entries.some((e) => e.isFile() && (/\.zip$/i.test(e.name) || OTHER_ARCHIVE.test(e.name) || isReportName(e.name)))) return true;
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== '__MACOSX');
  if (dirs.some((d) => groupFromName(d.name) !== null)) return true;
  const withCode = dirs.filter((d) => hasCodeNear(join(dir, d.name)));
  return withCode.length > 1;
}

function hasCodeNear(dir: string, depth = 1): boolean {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return false; }
  if (entries.some((e) => e.isFile() && CODE_FILE.test(e.name))) return true;
  return depth > 0 && entries.some((e) => e.isDirectory() && hasCodeNear(join(dir, e.name), depth - 1));
}

interface Item {
  path: string;
  kind: 'folder' | 'zip' | 'report' | 'unsupported';
  groupHint: number | null;
  /** The LMS per-submission folder the item was found in, if any: pairs uploads that name no group. */
  container?: string;
}

/** The group of an item: from its own name, else from the LMS folder it was found in. */
const groupOf = (item: Item): number | null => groupFromName(basename(item.path)) ?? item.groupHint;

/**
 * An LMS bulk download puts each submission's uploads (a zip and a PDF) in a folder
 * named for the group; such a folder is expanded one level, its group kept as a hint.
 */
function itemsOf(input: string, depth = 0, groupHint: number | null = null): Item[] {
  const path = resolve(input);
  if (!existsSync(path)) throw new MedgradeError('E_INPUT_NOT_FOUND', 'input not found', input);
  const st = statSync(path);
  if (st.isFile()) {
    if (/\.zip$/i.test(path)) return [{ path, kind: 'zip', groupHint }];
    if (/\.pdf$/i.test(path)) return [{ path, kind: 'report', groupHint }];
    if (OTHER_ARCHIVE.test(path)) return [{ path, kind: 'unsupported', groupHint }];
    throw new MedgradeError('E_INPUT_FORMAT', 'expected a folder, a .zip or a report .pdf', input);
  }
  if (!isBatchFolder(path)) return [{ path, kind: 'folder', groupHint }];
  // A folder named for one group (code in a subfolder, report beside it) passes its group down.
  groupHint ??= groupFromName(basename(path));
  const items: Item[] = [];
  for (const e of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const child = join(path, e.name);
    const hint = groupFromName(e.name) ?? groupHint;
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== '__MACOSX') {
      if (depth === 0 && isBatchFolder(child)) items.push(...itemsOf(child, depth + 1, hint).map((i) => ({ ...i, container: child })));
      else items.push({ path: child, kind: 'folder', groupHint: hint });
    } else if (e.isFile() && /\.zip$/i.test(e.name)) items.push({ path: child, kind: 'zip', groupHint: hint });
    else if (e.isFile() && OTHER_ARCHIVE.test(e.name)) items.push({ path: child, kind: 'unsupported', groupHint: hint });
    else if (e.isFile() && (isReportName(e.name) || (depth > 0 && /\.pdf$/i.test(e.name)))) items.push({ path: child, kind: 'report', groupHint: hint });
  }
  return items;
}

/**
 * Finds submissions in the given paths: submission folders, zips, or batch folders
 * holding either plus loose report PDFs. Reports are paired with packages by group
 * number. Problems with the batch (a report with no package, two packages for one
 * group) become findings on the submissions concerned; only a missing input throws.
 */
export function discoverSubmissions(paths: string[]): Discovered[] {
  const items = paths.flatMap((p) => itemsOf(p));
  const packages = items.filter((i) => i.kind !== 'report');
  const reports = items.filter((i) => i.kind === 'report');
  const byGroup = new Map<number, Item[]>();
  for (const p of packages) {
    const g = groupOf(p);
    if (g !== null) byGroup.set(g, [...(byGroup.get(g) ?? []), p]);
  }
  const drafts: Omit<Discovered, 'id'>[] = packages.map((p) => {
    const group = groupOf(p);
    const findings: Finding[] = [];
    const twins = group === null ? [] : byGroup.get(group)!;
    if (twins.length > 1) {
      findings.push(finding({
        check: 'intake/discover', kind: 'unreadable-input', severity: 'error', audience: 'instructor',
        file: basename(p.path),
        message: `${twins.length} packages claim group ${group}: ${twins.map((t) => basename(t.path)).join(', ')}. Each is graded separately.`,
        fix: 'Keep only the final package for this group in the batch, or rename the packages so each names its own group.',
      }));
    }
    if (p.kind === 'unsupported') {
      findings.push(finding({
        check: 'intake/discover', kind: 'unreadable-input', severity: 'error', file: basename(p.path),
        message: `${basename(p.path)} is not a .zip; the assignment asks for a zipped package, so it was not opened.`,
        fix: 'Upload the code package as a .zip file (e.g. "zip -r group12.zip project/" or Send to → Compressed folder).',
      }));
    }
    const packageKind = p.kind === 'unsupported' ? null : p.kind as 'folder' | 'zip';
    return { group, package: p.path, packageKind, report: null, sources: [p.path], findings };
  });
  for (const r of reports) {
    const g = groupOf(r);
    const sameFolder = r.container === undefined ? [] : drafts.filter((_, i) => packages[i]!.container === r.container);
    const owners = g !== null && drafts.some((d) => d.group === g) ? drafts.filter((d) => d.group === g)
      : sameFolder.length === 1 ? sameFolder : [];
    for (const d of owners) {
      if (d.report) {
        // The file named exactly as the course asks wins over drafts and copies.
        const canonical = (f: string): boolean => basename(f).toLowerCase() === `report_group${d.group}.pdf`;
        const [kept, dropped] = canonical(r.path) && !canonical(d.report) ? [r.path, d.report] : [d.report, r.path];
        d.report = kept;
        d.findings.push(finding({
          check: 'intake/discover', kind: 'unreadable-input', severity: 'warning', audience: 'instructor', file: basename(dropped),
          message: `More than one report was found for this submission; ${basename(kept)} is checked and ${basename(dropped)} is not.`,
          fix: 'Keep only the final report in the batch and grade again if the wrong one was used.',
        }));
      } else d.report = r.path;
      d.sources.push(r.path);
    }
    if (owners.length > 0) continue;
    drafts.push({
      group: g, package: null, packageKind: null, report: r.path, sources: [r.path],
      findings: [finding({
        check: 'intake/discover', kind: 'missing-file', severity: 'error', file: basename(r.path),
        message: g === null
          ? `The report ${basename(r.path)} names no group, so it cannot be paired with a code package.`
          : `A report was uploaded for group ${g}, but no code package for group ${g} was found.`,
        fix: 'Upload the zipped code package as a separate file, and name both files with your group number (e.g. Report_group12.pdf).',
      })],
    });
  }
  const ids = uniqueIds(drafts.map((d) => baseId(basename(d.package ?? d.report!), d.group)));
  return drafts.map((d, i) => ({ id: ids[i]!, ...d }));
}
