import { finding, type Finding } from '../../schema/finding.js';
import type { Rubric } from '../../rubric/schema.js';
import type { Check } from '../types.js';
import { specifiersOverlap } from './pep440.js';
import { normaliseName, parseRequirements } from './requirements-file.js';
import { capList, readHead } from './util.js';

const CHECK = 'validation/requirements';

/**
 * Past this many libraries outside the list, the file is most likely `pip freeze`
 * output full of transitive dependencies: one warning replaces an error per line,
 * and the imports check still catches any library the code really uses.
 */
const FREEZE_THRESHOLD = 5;

/** Builds of an allowed distribution under another name; the grader installs its own build. */
const VARIANTS: Record<string, string> = {
  'tensorflow-cpu': 'tensorflow', 'tensorflow-gpu': 'tensorflow', 'tensorflow-macos': 'tensorflow',
  'tensorflow-intel': 'tensorflow', 'imblearn': 'imbalanced-learn',
};

/** requirements.txt may only name allowed distributions, with pins that overlap the allowed versions. */
export function requirementsCheck(): Check {
  return {
    id: CHECK,
    stage: 'validate',
    async run({ submission, rubric }) {
      const findings: Finding[] = [];
      for (const file of submission.files.filter((f) => /(^|\/)requirements\.txt$/i.test(f))) {
        findings.push(...checkFile(file, readHead(submission, file, 256 * 1024).text, rubric));
      }
      return findings;
    },
  };
}

export function checkFile(file: string, text: string, rubric: Rubric): Finding[] {
  const env = rubric.environment;
  const allowed = new Map(Object.entries(env.allowed).map(([d, s]) => [normaliseName(d), { dist: d, spec: s }]));
  const aliases = new Map(Object.entries(env.importNames).map(([n, d]) => [normaliseName(n), normaliseName(d)]));
  const alsoAllowed = new Set(env.alsoAllowed.map(normaliseName));
  const allowedList = Object.entries(env.allowed).map(([d, s]) => `${d}${s}`).join(', ');
  const parsed = parseRequirements(text);
  const out: Finding[] = [];
  const make = (severity: 'error' | 'warning' | 'info', line: number, excerpt: string, message: string, fix: string): void => {
    out.push(finding({ check: CHECK, kind: 'requirement-conflict', severity, file, line, excerpt, message, fix }));
  };
  for (const i of parsed.ignored) {
    make('info', i.line, i.text, `${file} line ${i.line}: "${i.text}" ${i.reason}.`, 'List the libraries with their versions directly in requirements.txt.');
  }
  for (const i of parsed.invalid) {
    make('warning', i.line, i.text, `${file} line ${i.line}: pip cannot read "${i.text}".`,
      'Write one requirement per line as name, operator and version, e.g. numpy~=2.0.2 (note "~=", not "~").');
  }
  const outside = parsed.requirements.filter((r) => !allowed.has(VARIANTS[r.name] ?? r.name)
    && !alsoAllowed.has(r.name) && !allowed.has(aliases.get(r.name) ?? ''));
  const frozen = outside.length > FREEZE_THRESHOLD;
  if (frozen) {
    make('warning', outside[0]!.line, outside[0]!.text,
      `${file} names ${outside.length} libraries outside the allowed list (${capList(outside.map((r) => r.name))}); it looks like the output of pip freeze.`,
      `List only the allowed libraries you use, with their allowed versions (${allowedList}); any other library needs written approval.`);
  }
  for (const r of parsed.requirements) {
    const dist = VARIANTS[r.name] ?? r.name;
    const rule = allowed.get(dist);
    if (!rule) {
      if (alsoAllowed.has(r.name) || (frozen && outside.includes(r))) continue;
      const parent = aliases.get(r.name);
      if (parent && allowed.has(parent)) {
        make('warning', r.line, r.text, `${file} line ${r.line}: ${r.name} comes with ${allowed.get(parent)!.dist}; pinning it separately may install a version the allowed ${allowed.get(parent)!.dist} does not match.`,
          `Remove the ${r.name} line and import it through ${allowed.get(parent)!.dist} (e.g. "from tensorflow import keras").`);
        continue;
      }
      make('error', r.line, r.text, `${file} line ${r.line}: ${r.name} is not one of the allowed libraries of the assignment.`,
        `Use an allowed library or get written approval; allowed: ${allowedList}.`);
      continue;
    }
    if (!r.specifier) continue;
    const overlap = specifiersOverlap(r.specifier, rule.spec);
    if (overlap === false) {
      make('error', r.line, r.text, `${file} line ${r.line}: ${r.name}${r.specifier} conflicts with the allowed ${rule.dist}${rule.spec}; no version satisfies both.`,
        `Change the line to ${rule.dist}${rule.spec} (or a pin inside that range) and check that your code runs with it.`);
    } else if (overlap === null) {
      make('info', r.line, r.text, `${file} line ${r.line}: the version rule "${r.specifier}" could not be compared with the allowed ${rule.dist}${rule.spec}.`,
        `Use a plain pin such as ${rule.dist}${rule.spec}.`);
    }
  }
  return out;
}
