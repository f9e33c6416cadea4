/**
 * LMS-style names: Ufora exports look like "Group 12 - Project.zip", students
 * write "group12" or "Report_group12.pdf". The group number is what pairs a
 * separately uploaded report with its code package.
 */

const GROUP = /group[\s_-]*0*(\d{1,6})(?!\d)/i;

/** The group number in a file or folder name, or null when it names none. */
export function groupFromName(name: string): number | null {
  const m = GROUP.exec(name);
  return m ? Number(m[1]) : null;
}

/** True for a report PDF name such as Report_group12.pdf (case-insensitive). */
export function isReportName(name: string): boolean {
  return /report/i.test(name) && /\.pdf$/i.test(name);
}

/** A filesystem-safe slug: lower case, [a-z0-9-], no leading/trailing dash. */
export function slug(text: string): string {
  const s = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/\.(zip|pdf)$/i, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, 60).replace(/-+$/, '') || 'submission';
}

/** The base id for a submission: group-N when the name has a group, else a slug of the name. */
export function baseId(name: string, group: number | null): string {
  return group === null ? slug(name) : `group-${group}`;
}

/** Makes ids unique in a batch by suffixing -2, -3... in input order. */
export function uniqueIds(bases: string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(bases);
  return bases.map((b) => {
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    if (n === 1) return b;
    let k = n;
    while (taken.has(`${b}-${k}`)) k++;
    const id = `${b}-${k}`;
    taken.add(id);
    return id;
  });
}

/** Files and folders intake drops without a finding: OS and editor litter. */
export function isIgnoredPath(rel: string): boolean {
  const parts = rel.split('/');
  return parts.some((p) => p === '__MACOSX' || p === '.ipynb_checkpoints' || p === '__pycache__')
    || parts[parts.length - 1] === '.DS_Store';
}
