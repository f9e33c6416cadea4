import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import Handlebars from 'handlebars';
import { PNG } from 'pngjs';
import { MedgradeError } from '../errors.js';
import { withPdfRenderer } from './pdf.js';

/**
 * One PNG that shows every figure of a reference run at a glance, for docs/figures/.
 * Chromium lays the figures out (SVG charts and PNG overlays alike); the sheet is
 * re-shot at smaller scales until it fits the byte budget, because the docs keep
 * one per lab and a repository of multi-megabyte screenshots helps nobody.
 */
export interface ContactSheetOptions {
  title: string;
  /** Largest file size in bytes (docs/figures keeps each ≤ 200 KB). */
  maxBytes?: number;
  /** CSS width of the sheet. */
  width?: number;
  columns?: number;
  /** Only the figures whose file name matches (a sheet of every overlay may not fit the budget legibly). */
  only?: RegExp;
}

export interface ContactSheet {
  figures: string[];
  bytes: number;
  width: number;
  height: number;
  scale: number;
}

const FIGURE = /\.(png|svg)$/i;

const page = Handlebars.compile(`<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;padding:12px;font:13px system-ui,sans-serif;background:#fff;color:#222}
h1{font-size:16px;margin:0 0 10px}
.grid{display:grid;grid-template-columns:repeat({{columns}},1fr);gap:10px;align-items:start}
figure{margin:0;border:1px solid #ddd;padding:6px}
figure img{width:100%;height:auto;image-rendering:pixelated;display:block}
figcaption{font-size:11px;color:#555;margin-top:4px;word-break:break-all}
</style></head><body><h1>{{title}}</h1><div class="grid">
{{#each figures}}<figure><img src="{{uri}}" alt="{{name}}"><figcaption>{{name}}</figcaption></figure>{{/each}}
</div></body></html>`);

/** The figure files of a run folder, sorted, as data URIs (never a path the page could follow elsewhere). */
export function sheetFigures(dir: string, only?: RegExp): { name: string; uri: string }[] {
  const names = readdirSync(dir).filter((n) => FIGURE.test(n) && (!only || only.test(n))).sort();
  if (names.length === 0) throw new MedgradeError('E_USAGE', `no PNG or SVG figures in ${dir}`, dir);
  return names.map((name) => {
    const mime = extname(name).toLowerCase() === '.svg' ? 'image/svg+xml' : 'image/png';
    return { name, uri: `data:${mime};base64,${readFileSync(join(dir, name)).toString('base64')}` };
  });
}

/** Renders the figures of `dir` into `out`, shrinking until the file fits `maxBytes`. */
export async function writeContactSheet(dir: string, out: string, options: ContactSheetOptions): Promise<ContactSheet> {
  const figures = sheetFigures(dir, options.only);
  const columns = options.columns ?? Math.min(4, Math.ceil(Math.sqrt(figures.length)));
  const width = options.width ?? 1200;
  const maxBytes = options.maxBytes ?? 200_000;
  const html = page({ title: options.title, columns, figures });
  return withPdfRenderer(async (renderer, reason) => {
    if (!renderer) throw new MedgradeError('E_USAGE', `cannot render a contact sheet: ${reason}`);
    for (let scale = 1; scale >= 0.3; scale *= 0.8) {
      const png = await renderer.png(html, width, scale);
      if (png.length <= maxBytes) {
        writeFileSync(out, png);
        const { width: w, height: h } = PNG.sync.read(png);
        return { figures: figures.map((f) => basename(f.name)), bytes: png.length, width: w, height: h, scale };
      }
    }
    throw new MedgradeError('E_USAGE', `the contact sheet of ${figures.length} figures does not fit ${maxBytes} bytes even at scale 0.3; pass fewer figures or a smaller --width`, dir);
  });
}
