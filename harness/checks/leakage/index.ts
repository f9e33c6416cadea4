import { join } from 'node:path';
import type { Check } from '../types.js';
import { finding, type Finding } from '../../schema/finding.js';
import { createPythonParser, type PythonParser } from '../../python/parser.js';
import { locate } from '../../python/source.js';
import { analyseUncalled } from './functions.js';
import { buildProgram, loadModule, type Module, type Program } from './program.js';
import { describe, finishRecords } from './rules.js';
import { computeFacts } from './splits.js';
import { createState, type Candidate, type Facts, type State } from './state.js';
import { analyseModule } from './taint.js';

export const CHECK_ID = 'leakage/static';

export interface LeakageAnalyzer {
  /** Files of one submission, analysed together so imports between them resolve. */
  analyzeFiles(paths: { abs: string; rel: string }[]): Finding[];
}

function runPass(program: Program, pass: 1 | 2, facts: Facts, entries: Module[]): State {
  const st = createState(program, pass, facts);
  for (const m of entries) analyseModule(st, m);
  analyseUncalled(st);
  finishRecords(st);
  return st;
}

/** One finding per leak: candidates of one kind in the same cell, or within 3 lines, are one. */
function merge(cands: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  const sorted = [...cands].sort((a, b) => a.module.rel.localeCompare(b.module.rel) || a.line - b.line);
  for (const c of sorted) {
    const cell = locate(c.module.source, c.line).cell;
    const dup = kept.some((k) => k.module === c.module && k.kind === c.kind
      && (cell !== undefined ? locate(k.module.source, k.line).cell === cell : Math.abs(k.line - c.line) <= 3));
    if (!dup) kept.push(c);
  }
  return kept;
}

function toFinding(c: Candidate): Finding {
  const where = locate(c.module.source, c.line);
  const text = describe(c);
  return finding({
    check: CHECK_ID, kind: c.kind, severity: c.severity, audience: 'student', file: c.module.rel,
    line: where.line, ...(where.cell !== undefined ? { cell: where.cell } : {}),
    excerpt: (c.module.lines[c.line - 1] ?? '').trim().slice(0, 400), message: text.message, fix: text.fix,
  });
}

/**
 * Analyses modules as one program. `entries` are run from their top level (all modules
 * by default); the others are only run when an entry imports them.
 */
export function analyzeModules(modules: Module[], entries: Module[] = modules): Finding[] {
  const program = buildProgram(modules);
  const first = runPass(program, 1, { testSplits: new Set() }, entries);
  const facts = computeFacts(first);
  // With no held-out part known to be the test set, a second pass would repeat the first.
  const final = facts.testSplits.size === 0 ? first : runPass(program, 2, facts, entries);
  return merge(final.candidates).map(toFinding);
}

export function createLeakageAnalyzer(parser: PythonParser): LeakageAnalyzer {
  return {
    analyzeFiles(paths) {
      return analyzeModules(paths.map((p) => loadModule(parser, p.abs, p.rel)));
    },
  };
}

/** The pipeline check: every .py and .ipynb file of the submission, as one program. */
export function leakageCheck(): Check {
  let parser: Promise<PythonParser> | null = null;
  return {
    id: CHECK_ID,
    stage: 'check',
    async run({ submission }) {
      parser ??= createPythonParser();
      const ready = await parser;
      const out: Finding[] = [];
      const modules: Module[] = [];
      for (const rel of submission.files.filter((f) => /\.(py|ipynb)$/.test(f))) {
        try {
          modules.push(loadModule(ready, join(submission.root, rel), rel));
        } catch (e) {
          // One broken notebook must not hide leaks in the other files.
          out.push(finding({
            check: CHECK_ID, kind: 'unreadable-input', severity: 'warning', audience: 'instructor', file: rel,
            message: `The leakage check could not read this file: ${(e as Error).message}`,
            fix: 'Make sure the file is valid Python or a valid Jupyter notebook (nbformat 4).',
          }));
        }
      }
      return [...out, ...analyzeModules(modules)];
    },
  };
}

export { runLeakageCommand } from './cli.js';
