import { posix } from 'node:path';
import type { PythonParser } from '../../python/parser.js';
import { readPythonSource, type PythonSource } from '../../python/source.js';
import { copyTree, type Node } from './ast.js';

/** One .py or .ipynb file of a submission, parsed once. */
export interface Module {
  rel: string;
  source: PythonSource;
  root: Node;
  /** Source lines of `source.text`, for excerpts. */
  lines: string[];
}

/** The files analysed together; imports resolve between them like Python's sys.path would. */
export interface Program {
  modules: Module[];
  byRel: Map<string, Module>;
}

export function loadModule(parser: PythonParser, abs: string, rel: string): Module {
  const source = readPythonSource(abs, rel);
  const tree = parser.parse(source.text);
  try {
    return { rel, source, root: copyTree(tree, source.text), lines: source.text.split('\n') };
  } finally {
    tree.delete();
  }
}

export function buildProgram(modules: Module[]): Program {
  return { modules, byRel: new Map(modules.map((m) => [m.rel, m])) };
}

/**
 * Finds the submission module for a dotted import seen in `from`: a sibling first
 * (scripts import their neighbours), then each parent folder up to the root.
 */
export function resolveImport(program: Program, from: Module, dotted: string, level = 0): Module | undefined {
  const parts = dotted.split('.').filter(Boolean);
  let dir = posix.dirname(from.rel);
  for (let i = 1; i < level; i++) dir = posix.dirname(dir);
  const dirs: string[] = [];
  for (let d = dir; ; d = posix.dirname(d)) {
    dirs.push(d === '.' ? '' : d);
    if (d === '.' || d === '/' || d === '' || level > 0) break;
  }
  for (const d of dirs) {
    const base = posix.join(d, ...parts);
    for (const cand of [`${base}.py`, `${base}/__init__.py`, `${base}.ipynb`]) {
      const m = program.byRel.get(cand.replace(/^\.\//, ''));
      if (m && m !== from) return m;
    }
  }
  return undefined;
}

/** 1-based line of a node in the module text. */
export const lineOf = (n: Node) => n.startPosition.row + 1;
export const keyOf = (m: Module, n: Node) => `${m.rel}:${n.startIndex}`;
