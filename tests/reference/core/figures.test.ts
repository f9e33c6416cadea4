import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { greyPng } from '../../../reference/core/figures/tiles.js';
import { imageGridSvg } from '../../../reference/core/figures/grid-svg.js';

describe('figure helpers', () => {
  it('greyPng maps [0, 1] to 0..255 and clamps outside values', () => {
    const png = PNG.sync.read(greyPng([0, 0.5, 1, 2, -1, 0.25], 3, 2));
    expect([png.width, png.height]).toEqual([3, 2]);
    expect([0, 1, 2, 3, 4, 5].map((i) => png.data[4 * i])).toEqual([0, 128, 255, 255, 0, 64]);
  });

  it('imageGridSvg lays cells out in rows, embeds every PNG and escapes captions', () => {
    const png = greyPng([0, 1, 1, 0], 2, 2);
    const svg = imageGridSvg([0, 1, 2, 3, 4].map((i) => ({ png, caption: `p<${i}>&` })), { title: 'T & "t"', columns: 2, cell: 50 });
    expect(svg.match(/<image /g)).toHaveLength(5);
    expect(svg).toContain(`href="data:image/png;base64,${png.toString('base64')}"`);
    expect(svg).toContain('p&lt;4&gt;&amp;');
    expect(svg).toContain('T &amp; &quot;t&quot;');
    // 2 columns of 50 + 3 gaps of 6; 3 rows of (50 + 16 caption + 6 gap) under a 24 px title, plus the last gap.
    expect(svg).toMatch(/width="118" height="246"/);
    expect(svg).toMatch(/<image x="62" y="96"/); // cell 3: column 1, row 1
    expect(svg).not.toContain('textLength');
  });

  it('widens the grid for a long title and squeezes captions wider than a cell', () => {
    const svg = imageGridSvg([{ png: greyPng([0], 1, 1), caption: 'a caption far wider than the cell' }], { title: 'x'.repeat(50), columns: 1, cell: 40 });
    expect(svg).toMatch(/width="462"/); // 50 characters × 9 + 2 gaps of 6
    expect(svg).toContain('textLength="40"');
  });
});
