/** One requirement line of requirements.txt, as far as the validation check needs it. */
export interface Requirement {
  line: number;
  text: string;
  /** Normalised distribution name (PEP 503: lower case, runs of -_. become -). */
  name: string;
  extras: string[];
  /** Comma-separated specifier set, '' for any version. */
  specifier: string;
}

export interface RequirementsFile {
  requirements: Requirement[];
  /** Lines pip would read that the check does not follow: -r, -c, --index-url, -e, URLs. */
  ignored: { line: number; text: string; reason: string }[];
  /** Lines that pip could not read either. */
  invalid: { line: number; text: string }[];
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*((?:(?:~=|===|==|!=|<=|>=|<|>)\s*[^,;\s]+\s*,?\s*)*)\s*(?:;.*)?$/;

/** Parses requirements.txt text: comments, continuation lines, options and environment markers. */
export function parseRequirements(text: string): RequirementsFile {
  const out: RequirementsFile = { requirements: [], ignored: [], invalid: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let raw = lines[i]!;
    while (raw.endsWith('\\') && i + 1 < lines.length) raw = raw.slice(0, -1) + lines[++i]!;
    // pip treats " #" (or a # at the start) as a comment; a # inside a URL fragment is not one.
    const text = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!text) continue;
    if (text.startsWith('-')) {
      const reason = /^(-r|--requirement)\b/.test(text) ? 'includes another requirements file, which is not followed'
        : /^(-c|--constraint)\b/.test(text) ? 'a constraints file is not followed'
        : /^(-e|--editable)\b/.test(text) ? 'an editable install cannot be checked'
        : 'pip options are ignored by the grader';
      out.ignored.push({ line: lineNo, text, reason });
      continue;
    }
    if (/^[a-z+]+:\/\/|@\s*[a-z+]+:\/\//i.test(text) || /\.(whl|tar\.gz|zip)$/i.test(text)) {
      out.ignored.push({ line: lineNo, text, reason: 'a URL or file requirement cannot be checked' });
      continue;
    }
    const m = REQUIREMENT.exec(text);
    if (!m) { out.invalid.push({ line: lineNo, text }); continue; }
    out.requirements.push({
      line: lineNo, text,
      name: normaliseName(m[1]!),
      extras: (m[2] ?? '').split(',').map((e) => e.trim()).filter(Boolean),
      specifier: (m[3] ?? '').replace(/\s+/g, '').replace(/,$/, ''),
    });
  }
  return out;
}
