import { execFile, spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { finding, type Finding } from '../../schema/finding.js';
import type { Check } from '../types.js';
import { reportLabel } from './util.js';

const CHECK = 'validation/report';
const run = promisify(execFile);
const TOOL_TIMEOUT_MS = 30_000;

/** Why poppler-utils cannot be used, or null when pdfinfo and pdftotext both run. */
export function popplerMissing(): string | null {
  for (const tool of ['pdfinfo', 'pdftotext']) {
    const r = spawnSync(tool, ['-v'], { stdio: 'ignore' });
    if (r.error) return `${tool} is not installed (apt-get install poppler-utils)`;
  }
  return null;
}

export async function pdfPageCount(path: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [path], { timeout: TOOL_TIMEOUT_MS, maxBuffer: 1024 * 1024 });
  const m = /^Pages:\s+(\d+)/m.exec(stdout);
  if (!m) throw new Error('pdfinfo printed no page count');
  return Number(m[1]);
}

export async function pdfText(path: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path, '-'], { timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The report exists, has pages.min..max pages and a heading or text matching each section. */
export function reportCheck(): Check {
  return {
    id: CHECK,
    stage: 'validate',
    async run({ submission, rubric }) {
      const rule = rubric.files.report;
      if (!rule) return [];
      const expected = rule.pattern.replace('{group}', submission.group === null ? 'N' : String(submission.group));
      if (!submission.report) {
        if (!rule.required) return [];
        return [finding({
          check: CHECK, kind: 'missing-file', severity: 'error', file: expected,
          message: `No report PDF was found beside or inside the package; the assignment asks for ${expected}.`,
          fix: `Upload the report as a separate PDF named ${expected}.`,
        })];
      }
      const file = reportLabel(submission);
      const missing = popplerMissing();
      if (missing) {
        return [finding({
          check: CHECK, kind: 'report-pages', severity: 'info', audience: 'instructor', file,
          message: `The report was not checked for pages and sections: ${missing}.`,
          fix: 'Install poppler-utils on the grading machine and grade again.',
        })];
      }
      const findings: Finding[] = [];
      if (submission.group !== null && basename(submission.report) !== expected) {
        findings.push(finding({
          check: CHECK, kind: 'missing-file', severity: 'warning', file,
          message: `The report is named ${basename(submission.report)}; the assignment asks for ${expected}.`,
          fix: `Name the report ${expected} so it is matched to your group.`,
        }));
      }
      let pages: number;
      let text: string;
      try {
        [pages, text] = await Promise.all([pdfPageCount(submission.report), pdfText(submission.report)]);
      } catch (e) {
        return [...findings, finding({
          check: CHECK, kind: 'report-pages', severity: 'warning', file,
          message: `${file} could not be read as a PDF: ${(e as Error).message.split('\n')[0]}.`,
          fix: 'Export the report again as a standard PDF (File → Export as PDF) and upload it.',
        })];
      }
      if (pages < rule.pages.min || pages > rule.pages.max) {
        findings.push(finding({
          check: CHECK, kind: 'report-pages', severity: 'warning', file,
          message: `${file} has ${pages} page${pages === 1 ? '' : 's'}; the assignment asks for ${rule.pages.min} to ${rule.pages.max}.`,
          fix: pages < rule.pages.min ? 'Expand the report to the minimum length.' : 'Shorten the report to the maximum length.',
        }));
      }
      const flat = text.replace(/-\n(?=\w)/g, '').replace(/\s+/g, ' ');
      for (const s of rule.sections) {
        if (new RegExp(s.match, 'i').test(flat)) continue;
        findings.push(finding({
          check: CHECK, kind: 'report-section', severity: 'warning', file,
          message: `${file} seems to lack the section "${s.name}": no text matches /${s.match}/i.`,
          fix: `Add a section titled "${s.name}" (or check that its heading is text, not an image).`,
        }));
      }
      return findings;
    },
  };
}
