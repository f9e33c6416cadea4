import { finding, type Finding } from '../../schema/finding.js';
import type { Rubric, RequiredFile } from '../../rubric/schema.js';
import type { Unpacked } from '../../pipeline/types.js';
import type { Check } from '../types.js';
import { matchGlobIgnoringCase, matchRequired } from './glob.js';

const CHECK = 'validation/required-files';

/** Required files with no match in the submission. */
export function missingRequired(sub: Unpacked, rubric: Rubric): RequiredFile[] {
  return rubric.files.required.filter((r) => matchRequired(sub.files, r.path).length === 0);
}

function describe(r: RequiredFile, sub: Unpacked): Finding {
  const nearly = matchGlobIgnoringCase(sub.files, r.path);
  const isGlob = /[*?]/.test(r.path);
  const consequence = r.blocking ? ' Without it nothing can be run, so the code is not graded.' : '';
  const fix = nearly.length > 0
    ? `Rename ${nearly[0]} to match "${r.path}" exactly: the grader runs on Linux, where names are case-sensitive.`
    : isGlob
      ? `Add a file whose path matches "${r.path}" (${r.purpose})`
      : `Add ${r.path} at the top level of the package (${r.purpose})`;
  return finding({
    check: CHECK, kind: 'missing-file', severity: 'error', file: r.path,
    message: `No file matches "${r.path}", which the assignment requires: ${r.purpose}${consequence}`
      + (nearly.length > 0 ? ` (${nearly[0]} differs only in letter case.)` : ''),
    fix,
  });
}

/** Every rubric.files.required glob must match at least one file. */
export function requiredFilesCheck(): Check {
  return {
    id: CHECK,
    stage: 'validate',
    async run({ submission, rubric }) {
      return missingRequired(submission, rubric).map((r) => describe(r, submission));
    },
  };
}
