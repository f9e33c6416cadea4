import type { Rubric } from '../../rubric/schema.js';
import type { Unpacked, Validated } from '../../pipeline/types.js';
import { runChecks, validationChecks } from '../registry.js';
import { missingRequired } from './required-files.js';

/**
 * validate: the static checks, before anything runs. Returns only the findings of
 * the validation checks (intake's stay on Unpacked.findings); blocking is true when
 * intake rejected the input or a blocking required file is missing.
 */
export async function validate(unpacked: Unpacked, rubric: Rubric): Promise<Validated> {
  if (unpacked.rejected) return { findings: [], blocking: true };
  const findings = await runChecks(validationChecks(), { submission: unpacked, rubric });
  const blocking = missingRequired(unpacked, rubric).some((r) => r.blocking);
  return { findings, blocking };
}
