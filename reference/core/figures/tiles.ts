import { PNG } from 'pngjs';

/** Tiles of h×w values, each min–max scaled on its own, upscaled by `scale`, 1 px gaps. */
export function tilesToPng(tiles: readonly Float32Array[], h: number, w: number, scale: number, columns: number): Buffer {
  const rows = Math.ceil(tiles.length / columns);
  const W = columns * (w * scale + 1) + 1, H = rows * (h * scale + 1) + 1;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  tiles.forEach((t, k) => {
    let lo = Infinity, hi = -Infinity;
    for (const v of t) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const span = hi - lo || 1;
    const ox = (k % columns) * (w * scale + 1) + 1, oy = Math.floor(k / columns) * (h * scale + 1) + 1;
    for (let y = 0; y < h * scale; y++) for (let x = 0; x < w * scale; x++) {
      const g = Math.round((255 * (t[Math.floor(y / scale) * w + Math.floor(x / scale)]! - lo)) / span);
      const o = ((oy + y) * W + ox + x) * 4;
      png.data[o] = png.data[o + 1] = png.data[o + 2] = g; png.data[o + 3] = 255;
    }
  });
  return PNG.sync.write(png);
}

/** One grey image (values in [0, 1], clamped) as PNG, without per-image rescaling. */
export function greyPng(values: ArrayLike<number>, w: number, h: number): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    const g = Math.round(255 * Math.min(1, Math.max(0, values[i]!)));
    png.data[4 * i] = png.data[4 * i + 1] = png.data[4 * i + 2] = g;
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png);
}
