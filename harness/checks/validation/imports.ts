import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from '../../errors.js';
import { createPythonParser } from '../../python/parser.js';
import { extractImports, loadStdlibModules } from '../../python/imports.js';
import { readPythonSource } from '../../python/source.js';
import { finding, type Finding } from '../../schema/finding.js';
import type { Rubric } from '../../rubric/schema.js';
import type { Check } from '../types.js';
import { normaliseName } from './requirements-file.js';

const CHECK = 'validation/imports';
const MAX_PY_BYTES = 2 * 1024 * 1024;
const MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024;

/**
 * Import names the rubric allows: each allowed distribution under its own name
 * (dashes as underscores), the importNames that map to an allowed distribution,
 * and alsoAllowed.
 */
export function allowedImportNames(rubric: Rubric): Set<string> {
  const env = rubric.environment;
  const dists = new Set(Object.keys(env.allowed).map(normaliseName));
  const names = new Set<string>(env.alsoAllowed);
  for (const d of Object.keys(env.allowed)) names.add(d.replace(/-/g, '_'));
  for (const [name, dist] of Object.entries(env.importNames)) if (dists.has(normaliseName(dist))) names.add(name);
  return names;
}

/** Modules the submission defines itself: every .py file's stem and every folder holding Python. */
export function ownModules(files: readonly string[]): Set<string> {
  const own = new Set<string>();
  for (const f of files) {
    if (!f.endsWith('.py')) continue;
    const parts = f.split('/');
    own.add(parts[parts.length - 1]!.slice(0, -3));
    for (const dir of parts.slice(0, -1)) own.add(dir);
  }
  return own;
}

/** Every import in .py files and notebook code cells must be stdlib, allowed, or the submission's own. */
export function importsCheck(): Check {
  return {
    id: CHECK,
    stage: 'validate',
    async run({ submission, rubric }) {
      const allowed = allowedImportNames(rubric);
      const stdlib = loadStdlibModules();
      const own = ownModules(submission.files);
      const allowedList = Object.entries(rubric.environment.allowed).map(([d, s]) => `${d}${s}`).concat(rubric.environment.alsoAllowed).join(', ');
      const parser = await createPythonParser();
      const findings: Finding[] = [];
      for (const file of submission.files.filter((f) => /\.(py|ipynb)$/.test(f))) {
        // Notebooks carry their plots as base64, so they get a larger allowance than plain code.
        const cap = file.endsWith('.ipynb') ? MAX_NOTEBOOK_BYTES : MAX_PY_BYTES;
        if (statSync(join(submission.root, file)).size > cap) {
          findings.push(finding({
            check: CHECK, kind: 'unreadable-input', severity: 'warning', file,
            message: `${file} is larger than ${cap / 1024 / 1024} MB, so its imports were not checked.`,
            fix: 'Keep data out of source files; clear large notebook outputs before submitting.',
          }));
          continue;
        }
        let source;
        try {
          source = readPythonSource(join(submission.root, file), file);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          findings.push(finding({
            check: CHECK, kind: 'unreadable-input', severity: 'warning', file,
            message: `${file} could not be read, so its imports were not checked: ${e.message}.`,
            fix: 'Save the notebook again from Jupyter so it is valid .ipynb JSON.',
          }));
          continue;
        }
        const seen = new Set<string>();
        for (const imp of extractImports(source, parser)) {
          if (stdlib.has(imp.top) || allowed.has(imp.top) || own.has(imp.top)) continue;
          const key = `${imp.cell ?? ''}:${imp.line}:${imp.top}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const where = imp.cell !== undefined ? `code cell ${imp.cell + 1}, line ${imp.line}` : `line ${imp.line}`;
          // A guarded import cannot crash the run, so it does not zero the code score; it is still worth fixing.
          findings.push(finding({
            check: CHECK, kind: 'disallowed-import', severity: imp.guarded ? 'warning' : 'error', file, line: imp.line,
            ...(imp.cell !== undefined ? { cell: imp.cell } : {}),
            excerpt: imp.excerpt,
            message: `${file} (${where}) imports "${imp.module}"${imp.dynamic ? ' dynamically' : ''}, which is not in the allowed libraries of the assignment; `
              + (imp.guarded ? 'the import sits in a try block that catches its failure, so the code that needs it is skipped in grading.' : 'the code will not run in the grading environment.'),
            fix: `Use an allowed library or get written approval; allowed: ${allowedList}, and the Python standard library.`,
          }));
        }
      }
      return findings;
    },
  };
}
