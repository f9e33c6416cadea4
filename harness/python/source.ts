import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ParseError } from '../errors.js';

/**
 * Python code from a .py file or the code cells of a notebook, as one text with a
 * map back to cells, so analysers parse once and findings can name the cell and
 * the line inside it.
 */
export interface PythonSource {
  file: string;
  kind: 'py' | 'ipynb';
  /** Code as parsed: for notebooks, the code cells joined in order, magics blanked. */
  text: string;
  /** One entry per code cell (notebooks only), in execution order. */
  cells: { index: number; startLine: number; lineCount: number; source: string }[];
  /** The notebook's declared kernel language, when it says. */
  language?: string;
}

const notebookSchema = z.object({
  cells: z.array(z.object({
    cell_type: z.string(),
    source: z.union([z.string(), z.array(z.string())]),
    execution_count: z.number().nullable().optional(),
  }).passthrough()),
  metadata: z.object({
    kernelspec: z.object({ name: z.string().optional(), language: z.string().optional() }).passthrough().optional(),
    language_info: z.object({ name: z.string().optional() }).passthrough().optional(),
  }).passthrough().optional(),
}).passthrough();

/**
 * IPython lines (`!cmd`, `%magic`, `%%cell magic`) are not Python; blanking them
 * keeps line numbers stable and the parse clean.
 */
function blankMagics(code: string): string {
  const lines = code.split('\n');
  if (lines[0]?.trimStart().startsWith('%%')) return lines.map(() => '').join('\n');
  return lines.map((l) => (/^\s*[!%]/.test(l) ? '' : l)).join('\n');
}

export function parseNotebook(json: string, file: string): PythonSource {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new ParseError(`notebook is not valid JSON: ${(e as Error).message}`, file);
  }
  const nb = notebookSchema.safeParse(raw);
  if (!nb.success) throw new ParseError(`not a Jupyter notebook: ${nb.error.issues[0]?.message}`, file);
  const cells: PythonSource['cells'] = [];
  const parts: string[] = [];
  let line = 1;
  let index = 0;
  for (const cell of nb.data.cells) {
    if (cell.cell_type !== 'code') continue;
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    const code = blankMagics(source);
    const lineCount = code.split('\n').length;
    cells.push({ index, startLine: line, lineCount, source });
    parts.push(code);
    line += lineCount;
    index += 1;
  }
  const meta = nb.data.metadata;
  const language = meta?.kernelspec?.language ?? meta?.language_info?.name;
  return { file, kind: 'ipynb', text: parts.join('\n'), cells, ...(language ? { language } : {}) };
}

export function readPythonSource(path: string, file = path): PythonSource {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.ipynb')) return parseNotebook(text, file);
  return { file, kind: 'py', text, cells: [] };
}

/** Maps a 1-based line of `source.text` to the cell and the line within it. */
export function locate(source: PythonSource, line: number): { line: number; cell?: number } {
  if (source.kind === 'py') return { line };
  for (const c of source.cells) {
    if (line >= c.startLine && line < c.startLine + c.lineCount) return { cell: c.index, line: line - c.startLine + 1 };
  }
  return { line };
}
