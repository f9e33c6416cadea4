import type { Finding } from '../schema/finding.js';
import type { Rubric } from '../rubric/schema.js';
import type { Collected, Ran, Unpacked } from '../pipeline/types.js';

/** What a check may look at. Post-run data is absent during validate and self-check. */
export interface CheckInput {
  submission: Unpacked;
  rubric: Rubric;
  ran?: Ran;
  collected?: Collected;
}

/**
 * A check: validation (before running) or analysis (after). Each returns
 * findings with a file, a line where one applies, an explanation and a fix.
 * Checks must not throw on odd submissions; a parse failure is a finding.
 */
export interface Check {
  readonly id: string;
  readonly stage: 'validate' | 'check';
  run(input: CheckInput): Promise<Finding[]>;
}
