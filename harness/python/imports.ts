import { readFileSync } from 'node:fs';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from './parser.js';
import { locate, type PythonSource } from './source.js';

/*
 * stdlib.json holds sys.stdlib_module_names of /usr/bin/python3, minus what Python
 * 3.12 removed. Regenerate with:
 *   /usr/bin/python3 -c "import sys,json; r=['asynchat','asyncore','distutils','imp','smtpd'];
 *     print(json.dumps({'modules': sorted(set(sys.stdlib_module_names)-set(r)), 'removedIn312': r}, indent=1))"
 * (then restore the note and python fields).
 */

/** One import in a .py file or a notebook's code cells. */
export interface ImportRef {
  /** Full dotted module name as written, e.g. "tensorflow.keras.layers". */
  module: string;
  /** Its first segment, the name Python looks up on sys.path: "tensorflow". */
  top: string;
  /** 1-based line: in the file for .py, inside the cell for notebooks. */
  line: number;
  /** 0-based code-cell index (notebooks only). */
  cell?: number;
  /** The source line, trimmed. */
  excerpt: string;
  /** True for __import__('x') / importlib.import_module('x'). */
  dynamic: boolean;
  /** Inside the body of a try whose except catches ImportError (or broader): failing is handled. */
  guarded: boolean;
}

const IMPORT_ERRORS = /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;

/** True when some except clause of this try statement would catch a failed import. */
function catchesImportError(tryNode: Node): boolean {
  return tryNode.namedChildren.some((c) => {
    if (c?.type !== 'except_clause') return false;
    const caught = c.namedChildren.filter((k) => k && k.type !== 'block');
    return caught.length === 0 || caught.some((k) => IMPORT_ERRORS.test(k!.text));
  });
}

const DYNAMIC_CALLS = new Set(['__import__', 'importlib.import_module', 'import_module']);

function stringLiteral(node: Node | null | undefined): string | null {
  if (!node || node.type !== 'string') return null;
  // An f-string or a concatenation is not a literal module name.
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return null;
  const content = node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
  return content || null;
}

/** Imports in one source: import/from statements wherever they sit, plus literal dynamic imports. */
export function extractImports(source: PythonSource, parser: PythonParser): ImportRef[] {
  const tree = parser.parse(source.text);
  const lines = source.text.split('\n');
  const out: ImportRef[] = [];
  let guarded = false;
  const add = (module: string, node: Node, dynamic: boolean): void => {
    const row = node.startPosition.row + 1;
    const where = locate(source, row);
    out.push({
      module, top: module.split('.')[0]!, line: where.line,
      ...(where.cell !== undefined ? { cell: where.cell } : {}),
      excerpt: (lines[row - 1] ?? '').trim().slice(0, 300), dynamic, guarded,
    });
  };
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'import_statement':
        for (const name of node.childrenForFieldName('name')) {
          const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
          if (dotted) add(dotted.text, node, false);
        }
        return;
      case 'import_from_statement': {
        const mod = node.childForFieldName('module_name');
        // Relative imports (from . import x) name the submission's own package.
        if (mod && mod.type === 'dotted_name') add(mod.text, node, false);
        return;
      }
      case 'future_import_statement':
        add('__future__', node, false);
        return;
      case 'call': {
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments');
        if (fn && DYNAMIC_CALLS.has(fn.text.replace(/\s+/g, ''))) {
          const name = stringLiteral(args?.namedChildren[0]);
          if (name) add(name, node, true);
        }
        break;
      }
      case 'function_definition': {
        // A function body runs when called, outside the try that surrounded its definition.
        const outer = guarded;
        guarded = false;
        for (const child of node.namedChildren) if (child) visit(child);
        guarded = outer;
        return;
      }
      case 'try_statement': {
        const body = node.childForFieldName('body');
        const outer = guarded;
        guarded = outer || catchesImportError(node);
        if (body) visit(body);
        guarded = outer;
        for (const child of node.namedChildren) if (child && child.id !== body?.id) visit(child);
        return;
      }
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(tree.rootNode);
  tree.delete();
  return out;
}

/** Top-level module names of the Python standard library (see the header comment). */
export function loadStdlibModules(): Set<string> {
  const raw = JSON.parse(readFileSync(new URL('./stdlib.json', import.meta.url), 'utf8')) as { modules: string[] };
  return new Set(raw.modules);
}
