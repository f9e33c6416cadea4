import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { MedgradeError } from '../errors.js';

const run = promisify(execFile);

/** What the harness itself needs inside every env: the in-sandbox notebook executor. */
export const HARNESS_EXTRAS = ['nbclient', 'ipykernel', 'nbformat'];
const MARKER = '.medgrade-env.json';

const markerSchema = z.object({ key: z.string(), versions: z.record(z.string(), z.string()) });

export interface VenvRequest {
  cacheDir: string;
  basePython: string;
  baseVersion: string;
  install: string[];
  systemSitePackages: boolean;
  log?: (line: string) => void;
}

export function venvKey(req: Pick<VenvRequest, 'baseVersion' | 'install' | 'systemSitePackages'>): string {
  const spec = { python: req.baseVersion, install: [...req.install].sort(), extras: HARNESS_EXTRAS, system: req.systemSitePackages };
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 32);
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tryLockOnce(lock: string): boolean {
  try { closeSync(openSync(lock, 'wx')); } catch { return false; }
  writeFileSync(lock, String(process.pid));
  return true;
}

/** Takes `<dir>.lock` (O_EXCL), stealing it only from a dead owner. Returns false when another live build holds it. */
function tryLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    let owner = 0;
    try { owner = Number(readFileSync(lock, 'utf8').trim() || 0); } catch { return tryLockOnce(lock); }
    // An empty lock file is a builder between open and write: treat it as held.
    if (!owner || pidAlive(owner)) return false;
    rmSync(lock, { force: true });
    return tryLock(lock);
  }
}

function readMarker(dir: string): Record<string, string> | null {
  try { return markerSchema.parse(JSON.parse(readFileSync(join(dir, MARKER), 'utf8'))).versions; } catch { return null; }
}

/** pip's console scripts carry the build folder in their shebang; point them at the final folder. */
function fixShebangs(binDir: string, from: string, to: string): void {
  for (const name of readdirSync(binDir)) {
    const file = join(binDir, name);
    try {
      const text = readFileSync(file, 'utf8');
      if (text.startsWith(`#!${from}`)) writeFileSync(file, text.split(from).join(to));
    } catch { /* binaries and symlinks are left alone */ }
  }
}

async function pipInstall(python: string, packages: string[], logFile: string, log: (l: string) => void): Promise<void> {
  const started = Date.now();
  const ticker = setInterval(() => log(`medgrade: still installing (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const out = openSync(logFile, 'a');
      const child = spawn(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', ...packages], { stdio: ['ignore', out, out] });
      child.on('error', reject);
      child.on('exit', (code) => { closeSync(out); code === 0 ? resolve() : reject(new Error(`pip exited with ${code}`)); });
    });
  } catch (e) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new MedgradeError('E_ENV_BUILD', `pip install failed: ${(e as Error).message}\n${tail}`, logFile);
  } finally {
    clearInterval(ticker);
  }
}

/**
 * Returns the cached venv for this request, building it first when missing. The
 * build goes to a temporary folder that is renamed into place, under a lock, so
 * concurrent batches never see or build a half-made env.
 */
export async function ensureVenv(req: VenvRequest): Promise<{ dir: string; versions: Record<string, string> }> {
  const log = req.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const envsDir = join(req.cacheDir, 'envs');
  mkdirSync(envsDir, { recursive: true });
  const key = venvKey(req);
  const dir = join(envsDir, key);
  const lock = `${dir}.lock`;
  for (let waited = 0; ; waited += 2) {
    const ready = readMarker(dir);
    if (ready) return { dir, versions: ready };
    if (tryLock(lock)) break;
    if (waited % 30 === 0) log(`medgrade: waiting for another process building ${dir}`);
    if (waited > 1800) throw new MedgradeError('E_ENV_BUILD', 'timed out waiting for a concurrent env build', lock);
    await sleep(2000);
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    const done = readMarker(dir);
    if (done) return { dir, versions: done };
    rmSync(tmp, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    const packages = [...req.install, ...HARNESS_EXTRAS];
    log(`medgrade: building Python environment ${key.slice(0, 12)} (${packages.length} packages, about a minute)`);
    const args = ['-m', 'venv', ...(req.systemSitePackages ? ['--system-site-packages'] : []), tmp];
    await run(req.basePython, args, { timeout: 300_000 }).catch((e: Error) => {
      throw new MedgradeError('E_ENV_BUILD', `python -m venv failed: ${e.message}`, tmp);
    });
    const logFile = join(tmp, '.medgrade-build.log');
    await pipInstall(join(tmp, 'bin', 'python'), packages, logFile, log);
    const { stdout } = await run(join(tmp, 'bin', 'python'), ['-m', 'pip', 'list', '--format', 'json', '--disable-pip-version-check'], { maxBuffer: 16 << 20 });
    const listed = z.array(z.object({ name: z.string(), version: z.string() })).parse(JSON.parse(stdout));
    const versions = Object.fromEntries(listed.map((p) => [p.name.replace(/[-_.]+/g, '-').toLowerCase(), p.version]));
    versions.python = req.baseVersion;
    fixShebangs(join(tmp, 'bin'), tmp, dir);
    writeFileSync(join(tmp, MARKER), JSON.stringify({ key, versions, builtAt: new Date().toISOString() }, null, 1));
    renameSync(tmp, dir);
    log(`medgrade: environment ready at ${dir}`);
    return { dir, versions };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}
