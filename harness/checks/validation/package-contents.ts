import { statSync } from 'node:fs';
import { join } from 'node:path';
import { finding, type Finding } from '../../schema/finding.js';
import type { Check } from '../types.js';
import { capList, hasExtension, reportLabel } from './util.js';

const CHECK = 'validation/package-contents';

/**
 * The package must leave out model weights and the dataset (project text 8.1).
 * Any weights file is an error; data files are an error past maxDataFiles, and
 * any one file past maxFileMb is too (the report and notebooks with plots excepted).
 */
export function packageContentsCheck(): Check {
  return {
    id: CHECK,
    stage: 'validate',
    async run({ submission, rubric }) {
      const rules = rubric.files.forbidden;
      const findings: Finding[] = [];
      const weights = submission.files.filter((f) => hasExtension(f, rules.weightExtensions));
      if (weights.length > 0) {
        findings.push(finding({
          check: CHECK, kind: 'weights-in-package', severity: 'error', file: weights[0]!,
          message: `The package contains ${weights.length} model weight file${weights.length > 1 ? 's' : ''}: ${capList(weights)}. The assignment asks to exclude model weights.`,
          fix: 'Remove the weights from the zip; train.py recreates the model when it is graded.',
        }));
      }
      const data = submission.files.filter((f) => hasExtension(f, rules.dataExtensions) && !weights.includes(f));
      if (data.length > rules.maxDataFiles) {
        findings.push(finding({
          check: CHECK, kind: 'data-in-package', severity: 'error', file: data[0]!,
          message: `The package contains ${data.length} data or image files (${capList(data)}); at most ${rules.maxDataFiles} small figures are expected. The assignment asks to exclude the dataset.`,
          fix: `Remove the dataset and keep at most ${rules.maxDataFiles} figures; the grader supplies the data.`,
        }));
      }
      const report = reportLabel(submission);
      const limit = rules.maxFileMb * 1024 * 1024;
      const big = submission.files.filter((f) => f !== report && !f.endsWith('.ipynb') && !weights.includes(f)
        && statSync(join(submission.root, f)).size > limit);
      if (big.length > 0) {
        findings.push(finding({
          check: CHECK, kind: 'data-in-package', severity: 'error', file: big[0]!,
          message: `${big.length === 1 ? 'This file is' : `${big.length} files are`} larger than ${rules.maxFileMb} MB: ${capList(big)}.`,
          fix: 'Leave data, caches and large outputs out of the package; code, CSV results and a few figures are enough.',
        }));
      }
      return findings;
    },
  };
}
