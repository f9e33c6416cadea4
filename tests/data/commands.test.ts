import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataCommands, runDataCommand } from '../../harness/data/commands.js';

const root = mkdtempSync(join(tmpdir(), 'data-commands-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runDataCommand', () => {
  it('runs covid-synthetic and says the data are synthetic', async () => {
    const printed: string[] = [];
    await runDataCommand('covid-synthetic', { out: join(root, 'x'), seed: 2, count: 20, size: 16 }, (l) => printed.push(l));
    expect(printed[0]).toMatch(/Wrote 20 SYNTHETIC images/);
    expect(existsSync(join(root, 'x', 'test', 'Normal'))).toBe(true);
    expect(dataCommands()['covid-synthetic']!.real).toBe(false);
  });

  it('rejects an unknown name and bad options with usage errors', async () => {
    await expect(runDataCommand('nope', { out: root })).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(runDataCommand('covid-synthetic', { out: join(root, 'y'), count: -4 })).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});
