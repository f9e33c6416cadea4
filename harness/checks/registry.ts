import { finding, type Finding } from '../schema/finding.js';
import { csvColumnsCheck } from './validation/csv-columns.js';
import { importsCheck } from './validation/imports.js';
import { packageContentsCheck } from './validation/package-contents.js';
import { reportCheck } from './validation/report.js';
import { requiredFilesCheck } from './validation/required-files.js';
import { requirementsCheck } from './validation/requirements.js';
import { textSectionsCheck } from './validation/text-sections.js';
import { sliceDatasetCheck } from './split/slice-dataset.js';
import type { Check, CheckInput } from './types.js';

/** The checks run before anything executes, in report order. A fresh list per call. */
export function validationChecks(): Check[] {
  return [requiredFilesCheck(), csvColumnsCheck(), textSectionsCheck(), reportCheck(), importsCheck(), requirementsCheck(), packageContentsCheck(), sliceDatasetCheck()];
}

/**
 * Runs checks one after another. A check that throws is a harness bug, not the
 * student's: it becomes an instructor-facing error finding and the others still run.
 * It becomes a check-failed finding for the instructor, which no rubric scores.
 */
export async function runChecks(checks: readonly Check[], input: CheckInput): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const check of checks) {
    try {
      out.push(...await check.run(input));
    } catch (e) {
      const err = e as Error;
      out.push(finding({
        check: check.id, kind: 'check-failed', severity: 'error', audience: 'instructor', file: input.submission.id,
        message: `The check ${check.id} failed inside the harness, so its findings are missing: ${err?.message ?? String(e)}`,
        fix: 'This is a medgrade bug, not a problem with the submission: report it with the submission and grade again after the fix.',
        ...(err?.stack ? { excerpt: err.stack.slice(0, 2000) } : {}),
      }));
    }
  }
  return out;
}
