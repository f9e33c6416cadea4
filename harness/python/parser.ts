import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

/**
 * A Python parser built on tree-sitter's wasm grammar (works offline). Callers
 * create one per batch and pass it along; there is no module-level instance, but
 * the wasm runtime itself is initialised once per process, as tree-sitter requires.
 */
export interface PythonParser {
  parse(source: string): Tree;
}

let runtimeReady: Promise<Language> | null = null;

async function loadLanguage(): Promise<Language> {
  await Parser.init();
  return Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
}

export async function createPythonParser(): Promise<PythonParser> {
  runtimeReady ??= loadLanguage();
  const language = await runtimeReady;
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(source: string): Tree {
      const tree = parser.parse(source);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
  };
}
