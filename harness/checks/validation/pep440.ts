/**
 * A small subset of PEP 440, enough to ask "can any version satisfy both the
 * student's pin and the assignment's rule?": release segments with optional
 * a/b/rc, .post and .dev parts, the operators == != < <= > >= ~= and ==X.Y.*.
 * Epochs and local versions are not supported (a ParseError-free null instead).
 */

export interface Version { release: number[]; pre: [number, number] | null; post: number | null; dev: number | null }

const VERSION = /^v?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?$/i;
const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

export function parseVersion(text: string): Version | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  return {
    release: m[1]!.split('.').map(Number),
    pre: m[2] ? [PRE_RANK[m[2].toLowerCase()]!, Number(m[3] || 0)] : null,
    post: m[4] ? Number(m[5] || 0) : null,
    dev: m[6] ? Number(m[7] || 0) : null,
  };
}

/** Sort key per PEP 440: dev < pre < release < post, release segments padded with zeros. */
export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const d = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  const key = (v: Version): number[] => [
    v.pre ? v.pre[0] : v.dev !== null && v.post === null ? -1 : 3,
    v.pre ? v.pre[1] : 0,
    v.post ?? -1,
    v.dev ?? Infinity,
  ];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return Math.sign(ka[i]! - kb[i]!);
  return 0;
}

/** A version range: a single interval plus excluded points (from !=). Null bounds are open-ended. */
export interface Range {
  lo: Version | null; loInclusive: boolean;
  hi: Version | null; hiInclusive: boolean;
  exclude: Version[];
}

const ANY: Range = { lo: null, loInclusive: false, hi: null, hiInclusive: false, exclude: [] };
const v = (release: number[]): Version => ({ release, pre: null, post: null, dev: null });
const bump = (release: number[]): Version => v([...release.slice(0, -1), release[release.length - 1]! + 1]);

/** One clause like ">=2.0" or "~=1.6.1" as a range; null when it is not in the subset. */
export function clauseRange(clause: string): Range | null {
  const m = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;]+)\s*$/.exec(clause);
  if (!m) return null;
  const [, op, text] = m as unknown as [string, string, string];
  if ((op === '==' || op === '!=') && text.endsWith('.*')) {
    const base = parseVersion(text.slice(0, -2));
    if (!base || base.pre || base.post !== null || base.dev !== null) return null;
    // ==1.2.* is the half-open interval [1.2, 1.3); !=1.2.* is not a single interval, so it is not supported.
    return op === '==' ? { ...ANY, lo: base, loInclusive: true, hi: bump(base.release), hiInclusive: false } : null;
  }
  const ver = parseVersion(text);
  if (!ver) return null;
  switch (op) {
    case '==': case '===': return { ...ANY, lo: ver, loInclusive: true, hi: ver, hiInclusive: true };
    case '!=': return { ...ANY, exclude: [ver] };
    case '>=': return { ...ANY, lo: ver, loInclusive: true };
    case '>': return { ...ANY, lo: ver, loInclusive: false };
    case '<=': return { ...ANY, hi: ver, hiInclusive: true };
    case '<': return { ...ANY, hi: ver, hiInclusive: false };
    case '~=': {
      // ~=X.Y.Z means >=X.Y.Z, ==X.Y.*; it needs at least two release segments.
      if (ver.release.length < 2) return null;
      return { ...ANY, lo: ver, loInclusive: true, hi: bump(ver.release.slice(0, -1)), hiInclusive: false };
    }
  }
  return null;
}

function intersect(a: Range, b: Range): Range {
  let { lo, loInclusive, hi, hiInclusive } = a;
  if (b.lo) {
    const c = lo ? compareVersions(b.lo, lo) : 1;
    if (c > 0) { lo = b.lo; loInclusive = b.loInclusive; } else if (c === 0) loInclusive &&= b.loInclusive;
  }
  if (b.hi) {
    const c = hi ? compareVersions(b.hi, hi) : -1;
    if (c < 0) { hi = b.hi; hiInclusive = b.hiInclusive; } else if (c === 0) hiInclusive &&= b.hiInclusive;
  }
  return { lo, loInclusive, hi, hiInclusive, exclude: [...a.exclude, ...b.exclude] };
}

/** A comma-separated specifier set ("" means any version) as one range; null when a clause is outside the subset. */
export function specifierRange(spec: string): Range | null {
  let range = ANY;
  for (const clause of spec.split(',').map((c) => c.trim()).filter(Boolean)) {
    const r = clauseRange(clause);
    if (!r) return null;
    range = intersect(range, r);
  }
  return range;
}

export function isEmpty(r: Range): boolean {
  if (!r.lo || !r.hi) return false;
  const c = compareVersions(r.lo, r.hi);
  if (c > 0) return true;
  if (c < 0) return false;
  return !(r.loInclusive && r.hiInclusive) || r.exclude.some((x) => compareVersions(x, r.lo!) === 0);
}

/** True when some version satisfies both specifier sets; null when either is outside the subset. */
export function specifiersOverlap(a: string, b: string): boolean | null {
  const ra = specifierRange(a);
  const rb = specifierRange(b);
  if (!ra || !rb) return null;
  return !isEmpty(intersect(ra, rb));
}

/** True when the version satisfies the specifier set; null when either is outside the subset. */
export function satisfies(version: string, spec: string): boolean | null {
  return specifiersOverlap(`==${version}`, spec);
}
