import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPath, withPdfRenderer } from '../../harness/report/pdf.js';

const reason = chromiumPath() ? '' : 'Chromium not installed (/usr/bin/chromium)';
if (reason) console.warn(`skipping browser lifetime tests: ${reason}`);

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}
async function gone(pid: number, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (!alive(pid)) return true;
  return !alive(pid);
}

describe.skipIf(reason !== '')('one browser, closed on every exit path', () => {
  it('closes the browser when the work throws', async () => {
    let pid: number | null = null;
    await expect(withPdfRenderer(async (r) => { pid = r!.browserPid; throw new Error('render failed'); })).rejects.toThrow('render failed');
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid!)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('closes the browser on %s', async (signal) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('tests/report/signal-child.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let profile = '';
    const pid = await new Promise<number>((ok, fail) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
        const m = /PROFILE (\S+)\nPID (\d+)/.exec(out);
        if (m) { profile = m[1]!; ok(Number(m[2])); }
        if (out.includes('NONE')) fail(new Error(out));
      });
      child.on('exit', () => fail(new Error(`child exited early: ${out}`)));
    });
    expect(alive(pid)).toBe(true);
    const exited = new Promise<string>((ok) => child.on('exit', (code, sig) => ok(sig ?? `code ${code}`)));
    child.kill(signal);
    // tsx's loader handles SIGINT itself and exits with 130; plain node dies by the signal.
    expect([signal, 'code 130', 'code 143']).toContain(await exited);
    expect(await gone(pid)).toBe(true);
    // This run's own profile, not a count of all of them: other tests may run Chromium meanwhile.
    expect(profile).toMatch(/medgrade-chromium-/);
    expect(existsSync(profile)).toBe(false);
  });
});
