import type { Rng } from './prng.js';

/**
 * One phantom PA chest radiograph, drawn in normalised coordinates [0,1]² so the
 * same case looks the same at 64 or 256 pixels. Bright means dense (bone, soft
 * tissue), dark means air (lungs, outside the body), as on a real radiograph.
 */
export type Severity = 'none' | 'mild' | 'moderate' | 'serious';

export interface Phantom {
  /** size×size 8-bit grey values, row-major. */
  pixels: Uint8Array;
  /** size×size, 255 where an opacity lies inside a lung, else 0. */
  mask: Uint8Array;
  severity: Severity;
}

interface Blob { u: number; v: number; r: number; amp: number }

interface Layout {
  dx: number; dy: number; scale: number; cos: number; sin: number;
  lungW: number; lungH: number; heartW: number; heartX: number;
  gain: number; offset: number; gamma: number; noise: number; tilt: number;
  marker: { u: number; v: number } | null;
}

const LUNG_X = [0.3, 0.7] as const;
const LUNG_Y = 0.5;

function randomLayout(rng: Rng): Layout {
  const angle = rng.uniform(-0.07, 0.07);
  return {
    dx: rng.uniform(-0.04, 0.04), dy: rng.uniform(-0.04, 0.04),
    scale: rng.uniform(0.9, 1.05), cos: Math.cos(angle), sin: Math.sin(angle),
    lungW: rng.uniform(0.145, 0.17), lungH: rng.uniform(0.27, 0.32),
    heartW: rng.uniform(0.13, 0.17), heartX: rng.uniform(0.54, 0.58),
    gain: rng.uniform(0.85, 1.15), offset: rng.uniform(-0.05, 0.05),
    gamma: rng.uniform(0.85, 1.15), noise: rng.uniform(3, 7), tilt: rng.uniform(-0.08, 0.08),
    // A side marker like the lead letters on real films; equally common in both classes.
    marker: rng.next() < 0.5 ? { u: rng.uniform(0.08, 0.2), v: rng.uniform(0.06, 0.14) } : null,
  };
}

/** Blobs sit inside a lung, more often low and lateral, as in COVID pneumonia. */
function lungBlobs(rng: Rng, lung: 0 | 1, n: number, rMin: number, rMax: number, layout: Layout): Blob[] {
  const blobs: Blob[] = [];
  const side = lung === 0 ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const lateral = Math.abs(rng.normal()) * 0.4;
    const radial = Math.min(0.85, Math.sqrt(rng.next()));
    const theta = rng.uniform(-0.3, 1.6); // 0 = lateral, π/2 = base of the lung
    const ux = Math.min(0.8, radial * Math.cos(theta) + lateral * 0.3);
    blobs.push({
      u: LUNG_X[lung] + side * ux * layout.lungW,
      v: LUNG_Y + radial * Math.sin(theta) * layout.lungH * 0.9,
      r: rng.uniform(rMin, rMax),
      amp: rng.uniform(0.7, 1.0),
    });
  }
  return blobs;
}

function covidBlobs(rng: Rng, severity: Severity, layout: Layout): Blob[] {
  if (severity === 'mild') return lungBlobs(rng, rng.next() < 0.5 ? 0 : 1, 3 + rng.int(2), 0.06, 0.09, layout);
  if (severity === 'moderate') {
    return [...lungBlobs(rng, 0, 2 + rng.int(3), 0.05, 0.085, layout), ...lungBlobs(rng, 1, 2 + rng.int(3), 0.05, 0.085, layout)];
  }
  if (severity === 'serious') {
    return [...lungBlobs(rng, 0, 5 + rng.int(4), 0.07, 0.12, layout), ...lungBlobs(rng, 1, 5 + rng.int(4), 0.07, 0.12, layout)];
  }
  return [];
}

/** 1 inside, 0 outside, with a soft edge of relative width `edge`. */
function ellipse(u: number, v: number, cu: number, cv: number, ru: number, rv: number, edge: number): number {
  const du = (u - cu) / ru;
  const dv = (v - cv) / rv;
  const t = (1 - Math.sqrt(du * du + dv * dv)) / edge;
  return t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t);
}

function band(distance: number, half: number): number {
  const t = 1 - Math.abs(distance) / half;
  return t <= 0 ? 0 : t;
}

/** Tissue density in [0, ~1.2] at normalised point (u, v), and the opacity inside a lung. */
function density(u: number, v: number, L: Layout, blobs: Blob[]): { d: number; opacity: number } {
  const body = ellipse(u, v, 0.5, 0.66, 0.52, 0.7, 0.08);
  let d = 0.06 + 0.5 * body;
  let lungs = 0;
  for (const cx of LUNG_X) lungs = Math.max(lungs, ellipse(u, v, cx, LUNG_Y, L.lungW, L.lungH, 0.15));
  d -= 0.32 * lungs;
  const a = Math.abs(u - 0.5);
  // Mediastinum and spine down the middle, heart bulging to the patient's left (image right).
  d += 0.28 * band(a, 0.075) * (v > 0.15 ? 1 : 0) * body;
  d += 0.12 * band(a, 0.035) * (Math.sin(v * 80) > -0.3 ? 1 : 0.4) * (v > 0.1 ? 1 : 0);
  const heart = ellipse(u, v, L.heartX, 0.66, L.heartW, 0.13, 0.2);
  d += 0.2 * heart * (1 - 0.3 * lungs);
  // Posterior ribs: arcs that fall away laterally; clavicles on top.
  if (a > 0.04 && a < 0.42 && body > 0) {
    for (let k = 0; k < 9; k++) {
      const curve = 0.24 + 0.058 * k + 0.45 * a * a;
      d += 0.1 * band(v - curve, 0.013) * body;
    }
    if (a > 0.05 && a < 0.34) d += 0.16 * band(v - (0.17 + 0.12 * (a - 0.05)), 0.014);
  }
  let opacity = 0;
  // Opacities only matter inside a lung; skipping the rest keeps 256-pixel images fast.
  if (lungs > 0) for (const b of blobs) {
    const du = u - b.u;
    const dv = v - b.v;
    const g = b.amp * Math.exp(-(du * du + dv * dv) / (2 * b.r * b.r));
    if (g > opacity) opacity = g;
  }
  opacity *= lungs;
  // Opacities fill air space with fluid: the lung greys towards soft tissue.
  d += 0.36 * opacity;
  if (L.marker && Math.abs(u - L.marker.u) < 0.025 && Math.abs(v - L.marker.v) < 0.035) d = 1.1;
  return { d, opacity };
}

/** Draws one image; `severity` 'none' makes a Normal case. */
export function drawPhantom(rng: Rng, size: number, severity: Severity): Phantom {
  const L = randomLayout(rng);
  const blobs = covidBlobs(rng, severity, L);
  const pixels = new Uint8Array(size * size);
  const mask = new Uint8Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Inverse of (rotate, scale, shift) around the centre: where this pixel looks in the phantom.
      const x = ((px + 0.5) / size - 0.5 - L.dx) / L.scale;
      const y = ((py + 0.5) / size - 0.5 - L.dy) / L.scale;
      const u = L.cos * x + L.sin * y + 0.5;
      const v = -L.sin * x + L.cos * y + 0.5;
      const { d, opacity } = density(u, v, L, blobs);
      const exposure = L.gain * (1 + L.tilt * (v - 0.5));
      const grey = 255 * (L.offset + exposure * Math.pow(Math.max(d, 0), L.gamma)) + L.noise * rng.normal();
      const i = py * size + px;
      pixels[i] = grey <= 0 ? 0 : grey >= 255 ? 255 : Math.round(grey);
      mask[i] = opacity > 0.3 ? 255 : 0;
    }
  }
  return { pixels, mask, severity };
}
