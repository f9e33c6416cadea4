import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { MedgradeError } from '../../errors.js';
import type { Finding } from '../../schema/finding.js';
import { createPythonParser } from '../../python/parser.js';
import { analyzeModules } from './index.js';
import { loadModule, type Module } from './program.js';

const PYTHON = /\.(py|ipynb)$/;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules' || name === '__pycache__') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (PYTHON.test(name)) out.push(p);
  }
  return out;
}

/** A folder is one submission; a file is analysed with the .py modules beside it, which it may import. */
function groups(paths: string[]): { root: string; files: string[]; shown: Set<string> }[] {
  return paths.map((p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) throw new MedgradeError('E_INPUT_NOT_FOUND', 'no such file or folder', p);
    if (st.isDirectory()) { const files = walk(p); return { root: p, files, shown: new Set(files) }; }
    if (!PYTHON.test(p)) throw new MedgradeError('E_USAGE', 'expected a .py or .ipynb file or a folder', p);
    const root = dirname(p);
    const siblings = readdirSync(root).filter((n) => n.endsWith('.py')).map((n) => join(root, n));
    return { root, files: [...new Set([p, ...siblings])], shown: new Set([p]) };
  });
}

function text(files: { path: string; findings: Finding[] }[]): string {
  const lines: string[] = [];
  for (const f of files) {
    for (const x of f.findings) {
      const where = x.cell !== undefined ? `cell ${x.cell}, line ${x.line}` : `line ${x.line}`;
      lines.push(`${f.path} (${where}) ${x.severity} ${x.kind}: ${x.message}`, `    ${x.excerpt ?? ''}`, `    fix: ${x.fix}`);
    }
  }
  const total = files.reduce((n, f) => n + f.findings.length, 0);
  lines.push(`${total} leakage finding(s) in ${files.length} file(s)`);
  return `${lines.join('\n')}\n`;
}

/**
 * `medgrade leakage PATH...`: exit 0 whatever is found; 2 on usage errors, 1 when a
 * file cannot be parsed (its name is printed).
 */
export async function runLeakageCommand(paths: string[], opts: { format: 'json' | 'text' }): Promise<{ exitCode: number; output: string }> {
  if (paths.length === 0) return { exitCode: 2, output: 'usage: medgrade leakage [--format json|text] FILE_OR_FOLDER...\n' };
  if (opts.format !== 'json' && opts.format !== 'text') return { exitCode: 2, output: `unknown format: ${String(opts.format)} (expected json or text)\n` };
  let parsed;
  try {
    parsed = groups(paths);
  } catch (e) {
    return { exitCode: 2, output: `${(e as Error).message}\n` };
  }
  const parser = await createPythonParser();
  const results: { path: string; findings: Finding[] }[] = [];
  for (const g of parsed) {
    const modules: Module[] = [];
    try {
      for (const f of g.files) modules.push(loadModule(parser, f, relative(g.root, f) || basename(f)));
      const found = analyzeModules(modules, modules.filter((m) => g.shown.has(join(g.root, m.rel))));
      for (const f of g.files) {
        const rel = relative(g.root, f) || basename(f);
        const mine = found.filter((x) => x.file === rel);
        if (g.shown.has(f) || mine.length > 0) results.push({ path: relative(process.cwd(), f) || f, findings: mine });
      }
    } catch (e) {
      return { exitCode: 1, output: `${(e as Error).message}\n` };
    }
  }
  const output = opts.format === 'json' ? `${JSON.stringify({ files: results }, null, 2)}\n` : text(results);
  return { exitCode: 0, output };
}
