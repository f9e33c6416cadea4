import type { GrayImage } from '../../harness/checks/overlap/types.js';

/**
 * Synthetic, radiograph-like 8-bit images for the overlap benchmark and tests:
 * a torso, two darker lungs crossed by ribs, a spine, a heart shadow, random
 * lesions, a side marker and noise. Labelled synthetic; deterministic per seed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

export function phantom(seed: number, size = 256): GrayImage {
  const rnd = mulberry32(seed * 7919 + 17);
  const r = (lo: number, hi: number): number => lo + (hi - lo) * rnd();
  const s = size;
  // patient size and positioning vary widely in real films, and so they do here
  const body = { cx: r(0.35, 0.65) * s, cy: r(0.45, 0.7) * s, rx: r(0.3, 0.55) * s, ry: r(0.4, 0.7) * s, v: r(90, 180) };
  const lungs = [-1, 1].map((side) => ({
    cx: body.cx + side * r(0.13, 0.22) * s, cy: r(0.38, 0.52) * s, rx: r(0.09, 0.16) * s, ry: r(0.18, 0.3) * s,
    tilt: r(-0.3, 0.3), v: r(35, 80),
  }));
  const spine = { x: body.cx + r(-0.03, 0.03) * s, w: r(0.025, 0.05) * s, v: r(25, 55) };
  const heart = { cx: body.cx + r(0.02, 0.1) * s, cy: r(0.55, 0.68) * s, r: r(0.08, 0.14) * s, v: r(20, 50) };
  const ribs = { f: r(0.06, 0.11), phase: r(0, 6.28), bend: r(0.002, 0.01), v: r(8, 22) };
  const waves = Array.from({ length: 3 }, () => ({ fx: r(-3, 3) / s, fy: r(-3, 3) / s, ph: r(0, 6.28), a: r(8, 28) }));
  // collimation: the exposed field rarely fills the detector
  const collim = { l: Math.floor(r(0, 0.12) * s), r: Math.floor(r(0.88, 1) * s), t: Math.floor(r(0, 0.1) * s), b: Math.floor(r(0.9, 1) * s) };
  const lesions = Array.from({ length: Math.floor(r(0, 4)) }, () => ({ cx: r(0.2, 0.8) * s, cy: r(0.2, 0.8) * s, rr: r(4, 14), a: r(-40, 50) }));
  const marker = { x: Math.floor(r(0.05, 0.85) * s), y: Math.floor(r(0.04, 0.2) * s), w: Math.floor(r(8, 18)), h: Math.floor(r(10, 20)) };
  const noise = r(2, 6);
  const bg = r(5, 40);
  const nrnd = mulberry32(seed * 31 + 5);
  // the waves are separable: cos(a+b) = cos a cos b − sin a sin b, so they cost two table reads per pixel
  const wx = waves.map((wv) => ({ c: Float64Array.from({ length: s }, (_, x) => wv.a * Math.cos(6.28 * wv.fx * x)), s: Float64Array.from({ length: s }, (_, x) => wv.a * Math.sin(6.28 * wv.fx * x)) }));
  const wy = waves.map((wv) => ({ c: Float64Array.from({ length: s }, (_, y) => Math.cos(6.28 * wv.fy * y + wv.ph)), s: Float64Array.from({ length: s }, (_, y) => Math.sin(6.28 * wv.fy * y + wv.ph)) }));
  const lungTrig = lungs.map((l) => ({ c: Math.cos(l.tilt), s: Math.sin(l.tilt) }));
  const field = new Float64Array(s * s);
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const bx = (x - body.cx) / body.rx, by = (y - body.cy) / body.ry;
      const bd = bx * bx + by * by;
      let v = bg + (bd < 1 ? body.v * Math.min(1, (1 - bd) * 4) : 0);
      for (let k = 0; k < 2; k++) {
        const l = lungs[k]!, t = lungTrig[k]!;
        const dx = x - l.cx, dy = y - l.cy;
        const u = (dx * t.c + dy * t.s) / l.rx;
        const w = (-dx * t.s + dy * t.c) / l.ry;
        const d = u * u + w * w;
        if (d < 1) {
          const rib = Math.sin((y + ribs.bend * dx * dx) * ribs.f * 6.28 + ribs.phase);
          v -= l.v * Math.min(1, (1 - d) * 3) - (rib > 0.6 ? ribs.v : 0);
        }
      }
      const sd = Math.abs(x - spine.x) / spine.w;
      if (sd < 1 && bd < 1.1) v += spine.v * (1 - sd * sd);
      const hx = (x - heart.cx) / heart.r, hy = (y - heart.cy) / heart.r;
      const hd = hx * hx + hy * hy;
      if (hd < 1) v += heart.v * (1 - hd);
      for (let k = 0; k < 3; k++) v += wx[k]!.c[x]! * wy[k]!.c[y]! - wx[k]!.s[x]! * wy[k]!.s[y]!;
      field[y * s + x] = v;
    }
  }
  for (const le of lesions) {
    const reach = Math.ceil(le.rr * 2);
    for (let y = Math.max(0, Math.floor(le.cy - reach)); y < Math.min(s, le.cy + reach); y++) {
      for (let x = Math.max(0, Math.floor(le.cx - reach)); x < Math.min(s, le.cx + reach); x++) {
        const ld = ((x - le.cx) ** 2 + (y - le.cy) ** 2) / (le.rr * le.rr);
        if (ld < 4) field[y * s + x]! += le.a * Math.exp(-ld);
      }
    }
  }
  for (let y = marker.y; y < Math.min(s, marker.y + marker.h); y++) {
    for (let x = marker.x; x < Math.min(s, marker.x + marker.w); x++) field[y * s + x] = 235;
  }
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) if (x < collim.l || x >= collim.r || y < collim.t || y >= collim.b) field[y * s + x] = bg * 0.3;
  }
  const data = new Uint8Array(s * s);
  for (let i = 0; i < data.length; i++) data[i] = clamp255(field[i]! + (nrnd() + nrnd() + nrnd() - 1.5) * noise * 2);
  return { width: s, height: s, data };
}

/** Bilinear sample with edge replication. */
function sample(img: GrayImage, x: number, y: number): number {
  const { width: w, height: h, data } = img;
  const cx = Math.min(w - 1, Math.max(0, x)), cy = Math.min(h - 1, Math.max(0, y));
  const x0 = Math.floor(cx), y0 = Math.floor(cy);
  const x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
  const fx = cx - x0, fy = cy - y0;
  const top = data[y0 * w + x0]! * (1 - fx) + data[y0 * w + x1]! * fx;
  const bottom = data[y1 * w + x0]! * (1 - fx) + data[y1 * w + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}

function mapPixels(w: number, h: number, f: (x: number, y: number) => number): GrayImage {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = clamp255(f(x, y));
  return { width: w, height: h, data };
}

/** Bilinear resize by a factor (pixel-centre aligned, like most image libraries). */
export function resize(img: GrayImage, factor: number): GrayImage {
  const w = Math.round(img.width * factor), h = Math.round(img.height * factor);
  const sx = img.width / w, sy = img.height / h;
  return mapPixels(w, h, (x, y) => sample(img, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5));
}

export function shift(img: GrayImage, dx: number, dy: number): GrayImage {
  return mapPixels(img.width, img.height, (x, y) => sample(img, x - dx, y - dy));
}

export function brightness(img: GrayImage, factor: number): GrayImage {
  return mapPixels(img.width, img.height, (x, y) => img.data[y * img.width + x]! * factor);
}

export function rotate(img: GrayImage, degrees: number): GrayImage {
  const a = (degrees * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  const cx = (img.width - 1) / 2, cy = (img.height - 1) / 2;
  return mapPixels(img.width, img.height, (x, y) =>
    sample(img, c * (x - cx) + s * (y - cy) + cx, -s * (x - cx) + c * (y - cy) + cy));
}

/** Gray → RGBA bytes, the input jpeg-js's encoder takes. */
export function toRgba(img: GrayImage): Uint8Array {
  const out = new Uint8Array(img.width * img.height * 4);
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i]!;
    out[i * 4] = v; out[i * 4 + 1] = v; out[i * 4 + 2] = v; out[i * 4 + 3] = 255;
  }
  return out;
}
