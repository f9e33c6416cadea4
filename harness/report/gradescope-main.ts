/**
 * Entry for templates/gradescope/run_autograder:
 *   tsx gradescope-main.ts WORK_DIR OUT_JSON [GRADE_LOG]
 * Always writes OUT_JSON, a failure result when grading produced nothing usable.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gradescopeFromDir } from './gradescope.js';

const [work, out, logFile] = process.argv.slice(2);
if (!work || !out) {
  console.error('usage: gradescope-main.ts WORK_DIR OUT_JSON [GRADE_LOG]');
  process.exit(2);
}
const logTail = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-20).join('\n') : '';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(gradescopeFromDir(work, logTail), null, 2) + '\n');
