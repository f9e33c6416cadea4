/**
 * A captioned grid of images as one SVG, each PNG embedded as a data URI. Reports and
 * contact sheets show SVG as is, so captions (class, probability, group) need no font
 * rasteriser; `image-rendering: pixelated` keeps small images crisp when scaled up.
 */
export interface GridCell {
  png: Buffer;
  caption: string;
}

export interface GridOptions {
  title: string;
  columns: number;
  /** Displayed edge of each (square) cell in SVG pixels. */
  cell?: number;
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function imageGridSvg(cells: readonly GridCell[], options: GridOptions): string {
  const size = options.cell ?? 128, gap = 6, captionH = 16, titleH = 24;
  const columns = Math.max(1, Math.min(options.columns, cells.length));
  const rows = Math.ceil(cells.length / columns);
  // Wide enough for the bold 14 px title at ~9 px a character; captions wider than a cell are squeezed to fit it.
  const width = Math.max(columns * (size + gap) + gap, Math.ceil(options.title.length * 9) + 2 * gap);
  const height = titleH + rows * (size + captionH + gap) + gap;
  const body = cells.map((c, i) => {
    const x = gap + (i % columns) * (size + gap), y = titleH + Math.floor(i / columns) * (size + captionH + gap);
    return `<image x="${x}" y="${y}" width="${size}" height="${size}" style="image-rendering:pixelated" href="data:image/png;base64,${c.png.toString('base64')}"/>`
      + `<text x="${x + size / 2}" y="${y + size + 12}" text-anchor="middle"${c.caption.length * 6.2 > size ? ` textLength="${size}" lengthAdjust="spacingAndGlyphs"` : ''}>${escape(c.caption)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`
    + `<rect width="100%" height="100%" fill="white"/><text x="${gap}" y="16" font-size="14" font-weight="bold">${escape(options.title)}</text>${body.join('')}</svg>\n`;
}
