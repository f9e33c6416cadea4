/**
 * Heatmap rendering: bilinear upsampling, a magma-like colour ramp (perceptually ordered and
 * monotone in luminance, so a greyscale print still reads low→high), and alpha blending over a
 * grey image, written as RGB PNG with pngjs.
 */
import { PNG } from 'pngjs';

/** Anchors sampled from matplotlib's 'magma' at t = 0, 1/8, …, 1; linear interpolation between them. */
const MAGMA: readonly [number, number, number][] = [
  [0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122],
  [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191],
];

/** RGB (0–255) of value t in [0,1] (clamped; NaN counts as 0). */
export function magma(t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const pos = x * (MAGMA.length - 1);
  const i = Math.min(MAGMA.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = MAGMA[i]!, b = MAGMA[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as [number, number, number];
}

/**
 * Resizes a row-major hw×hh map to w×h with bilinear interpolation on pixel centres
 * (half-pixel offset, edges clamped), the same convention as tf.image.resizeBilinear.
 */
export function upsampleBilinear(map: ArrayLike<number>, hw: number, hh: number, w: number, h: number): Float32Array {
  if (map.length !== hw * hh) throw new Error(`heatmap has ${map.length} values, expected ${hw}×${hh} = ${hw * hh}`);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(hh - 1, Math.max(0, ((y + 0.5) * hh) / h - 0.5));
    const y0 = Math.floor(sy), y1 = Math.min(hh - 1, y0 + 1), fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(hw - 1, Math.max(0, ((x + 0.5) * hw) / w - 0.5));
      const x0 = Math.floor(sx), x1 = Math.min(hw - 1, x0 + 1), fx = sx - x0;
      const top = map[y0 * hw + x0]! * (1 - fx) + map[y0 * hw + x1]! * fx;
      const bottom = map[y1 * hw + x0]! * (1 - fx) + map[y1 * hw + x1]! * fx;
      out[y * w + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** Grey values scaled to [0,1]: Uint8Array as 0–255, Float32Array min–max normalised (constant → 0). */
function greyUnit(gray: Float32Array | Uint8Array): Float32Array {
  if (gray instanceof Uint8Array) return Float32Array.from(gray, (v) => v / 255);
  let lo = Infinity, hi = -Infinity;
  for (const v of gray) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const span = hi - lo;
  return Float32Array.from(gray, (v) => (span > 0 ? (v - lo) / span : 0));
}

function encodeRgb(rgb: Uint8Array, w: number, h: number): Buffer {
  const png = new PNG({ width: w, height: h, colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 });
  png.data = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 });
}

export interface OverlayOptions {
  /** Weight of the colour map in the blend (course §4.8: 0.4). */
  alpha?: number;
}

/**
 * The image (w×h grey, row-major) with the heatmap (hw×hh, values in [0,1]) upsampled to its
 * size, coloured with magma and blended: out = (1 − alpha)·grey + alpha·colour. Returns PNG bytes.
 */
export function overlayPng(gray: Float32Array | Uint8Array, w: number, h: number, heatmap: Float32Array, hw: number, hh: number, options: OverlayOptions = {}): Buffer {
  const alpha = options.alpha ?? 0.4;
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`alpha must lie in [0, 1], got ${alpha}`);
  if (gray.length !== w * h) throw new Error(`image has ${gray.length} values, expected ${w}×${h} = ${w * h}`);
  const g = greyUnit(gray);
  const heat = upsampleBilinear(heatmap, hw, hh, w, h);
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const c = magma(heat[i]!);
    for (let k = 0; k < 3; k++) rgb[3 * i + k] = Math.round((1 - alpha) * 255 * g[i]! + alpha * c[k]!);
  }
  return encodeRgb(rgb, w, h);
}

/** The heatmap alone, coloured with magma and upsampled to w×h (default: its own size). */
export function heatmapPng(heatmap: Float32Array, hw: number, hh: number, size: { width?: number; height?: number } = {}): Buffer {
  const w = size.width ?? hw, h = size.height ?? hh;
  const heat = upsampleBilinear(heatmap, hw, hh, w, h);
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) rgb.set(magma(heat[i]!), 3 * i);
  return encodeRgb(rgb, w, h);
}
