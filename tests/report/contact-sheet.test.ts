import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { chromiumPath } from '../../harness/report/pdf.js';
import { sheetFigures, writeContactSheet } from '../../harness/report/contact-sheet.js';

const dir = mkdtempSync(join(tmpdir(), 'sheet-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A noisy PNG: incompressible, so the sheet must shrink to meet a small budget. */
function noisePng(size: number, seed: number): Buffer {
  const png = new PNG({ width: size, height: size });
  let s = seed;
  for (let i = 0; i < png.data.length; i += 4) {
    s = (s * 1103515245 + 12345) >>> 0;
    png.data[i] = png.data[i + 1] = png.data[i + 2] = s >>> 24;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

const figures = join(dir, 'figures');
mkdirSync(figures);
for (let i = 0; i < 3; i++) writeFileSync(join(figures, `overlay_${i}.png`), noisePng(256, i + 1));
writeFileSync(join(figures, 'curve.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><line x1="0" y1="100" x2="200" y2="0" stroke="black"/></svg>');
writeFileSync(join(figures, 'metrics.json'), '{}');

const chromium = chromiumPath();
if (!chromium) console.warn('contact-sheet tests skipped: Chromium not found (apt-get install chromium)');

describe('contact sheet', () => {
  it('takes every PNG and SVG figure, sorted, and nothing else', () => {
    expect(sheetFigures(figures).map((f) => f.name)).toEqual(['curve.svg', 'overlay_0.png', 'overlay_1.png', 'overlay_2.png']);
    expect(sheetFigures(figures)[0]!.uri.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(sheetFigures(figures, /overlay_[02]/).map((f) => f.name)).toEqual(['overlay_0.png', 'overlay_2.png']);
  });

  it('refuses a folder without figures, naming it', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(() => sheetFigures(empty)).toThrow(/no PNG or SVG figures/);
  });

  it.skipIf(!chromium)('shrinks the sheet until it fits the byte budget', async () => {
    const out = join(dir, 'sheet.png');
    const roomy = await writeContactSheet(figures, out, { title: 'test', maxBytes: 5_000_000, columns: 2, width: 800 });
    expect(roomy.scale).toBe(1);
    expect(roomy.width).toBe(800);
    const tight = await writeContactSheet(figures, out, { title: 'test', maxBytes: Math.floor(roomy.bytes / 2), columns: 2, width: 800 });
    expect(tight.scale).toBeLessThan(1);
    expect(tight.bytes).toBeLessThanOrEqual(Math.floor(roomy.bytes / 2));
    const png = PNG.sync.read(readFileSync(out));
    expect(png.width).toBe(Math.round(800 * tight.scale));
    expect(tight.figures).toHaveLength(4);
  }, 60_000);
});
