import { finding, type Finding } from '../../schema/finding.js';
import type { RequiredFile } from '../../rubric/schema.js';
import type { Check } from '../types.js';
import { matchRequired } from './glob.js';
import { purposeText, readHead } from './util.js';

const CHECK = 'validation/text-sections';
const MAX_TEXT_BYTES = 1024 * 1024;

type TextRule = NonNullable<RequiredFile['text']>;

/** Sections of `rule` with no line of `text` matching their regex (case-insensitive). */
export function missingSections(text: string, rule: TextRule): TextRule['sections'] {
  const lines = text.split(/\r?\n/);
  return rule.sections.filter((s) => {
    const re = new RegExp(s.match, 'i');
    return !lines.some((l) => re.test(l));
  });
}

/** Required text files (a written findings file, a README) hold the sections their rule names. */
export function textSectionsCheck(): Check {
  return {
    id: CHECK,
    stage: 'validate',
    async run({ submission, rubric }) {
      const findings: Finding[] = [];
      for (const req of rubric.files.required) {
        if (!req.text) continue;
        for (const file of matchRequired(submission.files, req.path)) {
          const { text } = readHead(submission, file, MAX_TEXT_BYTES);
          for (const s of missingSections(text, req.text)) {
            findings.push(finding({
              check: CHECK, kind: 'report-section', severity: 'error', file,
              message: `${file} lacks the section "${s.name}": no line matches /${s.match}/i.`,
              fix: `Add a section headed "${s.name}" to ${file} (${purposeText(req)})`,
            }));
          }
        }
      }
      return findings;
    },
  };
}
