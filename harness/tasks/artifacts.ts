import { mkdirSync } from 'node:fs';
import type { TaskKind } from './types.js';

/**
 * artifacts: nothing is predicted or measured; the rubric grades required files (and
 * notebooks, when it names them). The hidden folder exists but stays empty.
 */
export function artifactsTask(): TaskKind<never> {
  return {
    layout: 'artifacts',
    hideTest(_testDir, outDir) {
      mkdirSync(outDir, { recursive: true });
      return { dir: outDir, truth: new Map() };
    },
    collect: () => null,
    measure: (rubric) => ({ metrics: Object.fromEntries(rubric.metrics.map((m) => [m, null])), confusion: null, roc: null, n: 0 }),
  };
}
