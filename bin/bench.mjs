#!/usr/bin/env node
// `npm run bench [-- name...]`: runs every benchmark under bench/ (a file bench/NAME.ts
// or a folder bench/NAME/index.ts), one after another so they do not share the CPU.
// Each benchmark prints its table and writes its own section of docs/BENCHMARKS.md.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const entries = readdirSync(benchDir).sort().flatMap((name) => {
  const path = join(benchDir, name);
  if (statSync(path).isDirectory()) return existsSync(join(path, 'index.ts')) ? [[name, join(path, 'index.ts')]] : [];
  return name.endsWith('.ts') ? [[name.replace(/\.ts$/, ''), path]] : [];
}).filter(([name]) => wanted.length === 0 || wanted.includes(name));

if (entries.length === 0) {
  console.error(`bench: nothing matches ${wanted.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const [name, file] of entries) {
  console.log(`\n=== bench ${name} (${new Date().toISOString()})`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...process.argv.slice(2).filter((a) => a.startsWith('-'))], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { failed += 1; console.error(`bench ${name} exited with ${r.status}`); }
}
process.exit(failed ? 1 : 0);
