import { ParseError } from '../../errors.js';
import { parseCsv, type CsvTable } from '../../intake/csv.js';
import { finding, type Finding } from '../../schema/finding.js';
import type { RequiredFile } from '../../rubric/schema.js';
import type { Check } from '../types.js';
import { matchRequired } from './glob.js';
import { purposeText, readHead } from './util.js';

const CHECK = 'validation/csv-columns';
const MAX_CSV_BYTES = 5 * 1024 * 1024;

type CsvRule = NonNullable<RequiredFile['csv']>;

/** What is wrong with a parsed table under a rule; empty when it passes. */
export function csvProblems(table: CsvTable, rule: CsvRule): string[] {
  const header = table.header.map((h) => h.toLowerCase());
  const problems: string[] = [];
  const missing = rule.columns.filter((c) => !header.includes(c.toLowerCase()));
  if (missing.length > 0) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  for (const pattern of rule.anyColumn) {
    const re = new RegExp(pattern, 'i');
    if (!table.header.some((h) => re.test(h))) problems.push(`no column matches /${pattern}/`);
  }
  if (table.header.length < rule.minColumns) problems.push(`${table.header.length} columns, at least ${rule.minColumns} expected`);
  if (table.rows.length < rule.minRows) problems.push(`${table.rows.length} data row${table.rows.length === 1 ? '' : 's'}, at least ${rule.minRows} expected`);
  return problems;
}

function ruleText(rule: CsvRule): string {
  const parts = [];
  if (rule.columns.length) parts.push(`columns ${rule.columns.join(', ')}`);
  for (const p of rule.anyColumn) parts.push(`a column matching /${p}/`);
  if (rule.minColumns) parts.push(`at least ${rule.minColumns} columns`);
  parts.push(`at least ${rule.minRows} data row${rule.minRows === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** Required CSVs parse and hold the columns and rows their rule asks for. */
export function csvColumnsCheck(): Check {
  return {
    id: CHECK,
    stage: 'validate',
    async run({ submission, rubric }) {
      const findings: Finding[] = [];
      for (const req of rubric.files.required) {
        if (!req.csv) continue;
        for (const file of matchRequired(submission.files, req.path)) {
          const bad = (message: string): void => {
            findings.push(finding({
              check: CHECK, kind: 'bad-csv', severity: 'error', file, message,
              fix: `Write ${file} as a comma-separated file with a header row and ${ruleText(req.csv!)}. It holds ${purposeText(req)}`,
            }));
          };
          const { text, truncated } = readHead(submission, file, MAX_CSV_BYTES);
          if (truncated) { bad(`${file} is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB; a results table should be small.`); continue; }
          let table: CsvTable;
          try {
            table = parseCsv(text, file);
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
            bad(`${file} does not parse as CSV: ${e.message}.`);
            continue;
          }
          const problems = csvProblems(table, req.csv);
          if (problems.length > 0) {
            bad(`${file} has ${problems.join('; ')}. Its header is: ${table.header.join(', ') || '(empty)'}.`);
          }
        }
      }
      return findings;
    },
  };
}
