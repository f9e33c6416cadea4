import { z } from 'zod';

/**
 * The fixed vocabulary of finding kinds. Every check reports one of these, so
 * rubrics, reports and exports can key on them without parsing messages.
 * docs/FINDINGS.md explains each one for students and instructors.
 */
export const FINDING_KINDS = {
  // intake
  'unsafe-archive': 'The archive holds an entry that could escape the unpack folder (.., absolute path, symlink, case clash).',
  'archive-too-large': 'The archive has too many entries or unpacks to too many bytes.',
  'unreadable-input': 'The submission could not be opened (corrupt zip, unknown format).',
  // validation
  'missing-file': 'A file the rubric requires is absent.',
  'bad-csv': 'A required CSV does not parse or lacks required columns.',
  'report-pages': 'The report has a page count outside the allowed range.',
  'report-section': 'The report lacks a required section.',
  'disallowed-import': 'The code imports a library the assignment does not allow.',
  'requirement-conflict': 'requirements.txt pins a version that conflicts with the allowed versions.',
  'data-in-package': 'The package contains dataset files.',
  'weights-in-package': 'The package contains model weights.',
  'environment-mismatch': 'The grading environment differs from the one the assignment names.',
  // running
  'run-crash': 'A phase exited with a non-zero code.',
  'run-timeout': 'A phase ran past its wall-clock or CPU limit.',
  'run-oom': 'A phase was killed for exceeding its memory limit.',
  'notebook-error': 'A required notebook raised an error before its end.',
  'notebook-timeout': 'A required notebook cell or the whole notebook ran past its limit.',
  'notebook-kernel': 'A notebook declares a kernel other than Python; it was run with Python.',
  'output-limit': 'A phase printed more than the captured log limit; the rest was dropped.',
  // collected outputs
  'predictions-missing': 'The predict phase wrote no predictions file.',
  'predictions-malformed': 'The predictions file has bad rows (NaN, out of range, duplicate, missing, unknown ids).',
  'history-malformed': 'The training history CSV does not parse.',
  'claim-mismatch': 'A metric the notebook claims differs from what the harness measured.',
  'mask-geometry': 'A predicted mask does not have its input\'s geometry (shape or affine), so it was scored as empty.',
  // behaviour seen at run time
  'network-attempt': 'The code tried to open a network connection.',
  'write-attempt': 'The code tried to write outside its output folder.',
  'runtime-access': 'The code tried to reach test data, hidden labels or other submissions.',
  'output-escape': 'The output folder holds links or special files pointing outside it.',
  // leakage (the project rule zeroes methodology on an error of these kinds)
  preprocessing: 'Preprocessing statistics or fitted transforms use test data.',
  overlap: 'Test data, or data derived from it, is used for training.',
  'multi-test': 'The test set drives model selection, hyperparameters or early stopping.',
  split: 'Slices or samples of one patient end up on both sides of a split.',
  duplicate: 'The same or a nearly identical image appears in two splits.',
  'patient-overlap': 'The same patient appears in two splits.',
  'metric-anomaly': 'A test metric is far above validation and the reference band.',
  // the harness itself
  'check-failed': 'A check could not finish on this submission; the instructor should look at it by hand.',
  // reference
  'reference-missing': 'No reference results exist for this assignment; no band was applied.',
} as const;

export type FindingKind = keyof typeof FINDING_KINDS;
const kindNames = Object.keys(FINDING_KINDS) as [FindingKind, ...FindingKind[]];

/** Kinds that count as data leakage under the COVID project's rule. */
export const LEAKAGE_KINDS: readonly FindingKind[] = [
  'preprocessing', 'overlap', 'multi-test', 'split', 'duplicate', 'patient-overlap', 'runtime-access',
];

export const findingSchema = z.object({
  check: z.string().describe('Id of the check that produced it, e.g. "validation/required-files".'),
  kind: z.enum(kindNames),
  severity: z.enum(['error', 'warning', 'info']),
  audience: z.enum(['student', 'instructor']).default('student'),
  file: z.string().describe('Path relative to the submission root, or a phase name for run findings.'),
  line: z.number().int().positive().optional(),
  cell: z.number().int().nonnegative().optional().describe('0-based code-cell index in execution order.'),
  excerpt: z.string().max(4000).optional(),
  message: z.string(),
  fix: z.string(),
});

export type Finding = z.infer<typeof findingSchema>;
export type FindingInput = z.input<typeof findingSchema>;

/** Builds a finding, filling defaults, so checks stay short. */
export function finding(input: FindingInput): Finding {
  return findingSchema.parse(input);
}

/**
 * Drops a finding that repeats an earlier one's kind at the same place (file and line or cell):
 * two checks that both see one random split must cost the student once and show once.
 * Findings without a line or cell are kept, since their place is too coarse to call them the same.
 */
export function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    if (f.line === undefined && f.cell === undefined) return true;
    const key = `${f.kind}\0${f.file}\0${f.line ?? ''}\0${f.cell ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
