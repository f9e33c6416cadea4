/**
 * overlayPng / heatmapPng write PNGs of the requested size that pngjs decodes back; the colour
 * ramp is monotone in luminance (readable in greyscale); the blend and the upsampling follow
 * their formulas on hand-checkable inputs.
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { heatmapPng, magma, maskMass, overlayPng, upsampleBilinear } from '../../../reference/core/interpret/index.js';

const luminance = ([r, g, b]: number[]): number => 0.299 * r! + 0.587 * g! + 0.114 * b!;

describe('magma', () => {
  it('is dark at 0, light at 1 and strictly brighter at every step', () => {
    let last = -1;
    for (let i = 0; i <= 100; i++) {
      const l = luminance(magma(i / 100));
      expect(l).toBeGreaterThan(last);
      last = l;
    }
    expect(luminance(magma(0))).toBeLessThan(5);
    expect(luminance(magma(1))).toBeGreaterThan(240);
    expect(magma(-3)).toEqual(magma(0));
    expect(magma(Number.NaN)).toEqual(magma(0));
  });
});

describe('upsampleBilinear', () => {
  it('keeps a constant map constant and interpolates a 2×1 ramp on pixel centres', () => {
    expect(Array.from(upsampleBilinear([0.5, 0.5, 0.5, 0.5], 2, 2, 5, 3))).toEqual(new Array(15).fill(0.5));
    // 2 → 4 columns: centres at -0.25, 0.25, 0.75, 1.25 in source pixels, clamped to [0, 1].
    expect(Array.from(upsampleBilinear([0, 1], 2, 1, 4, 1))).toEqual([0, 0.25, 0.75, 1]);
    expect(() => upsampleBilinear([1, 2, 3], 2, 2, 4, 4)).toThrow(/expected 2×2/);
  });
});

describe('maskMass', () => {
  it('gives the share of the map inside the mask and the mask area as chance', () => {
    expect(maskMass([1, 3, 0, 0], [0, 1, 0, 0])).toEqual({ inside: 0.75, areaFraction: 0.25 });
    expect(maskMass([0, 0], [1, 0]).inside).toBeNaN();
  });
});

describe('overlayPng', () => {
  it('decodes back to an RGB image of the grey image size, blended with alpha', () => {
    const w = 40, h = 30;
    const gray = Uint8Array.from({ length: w * h }, (_, i) => (i % w) * 6);
    const heat = Float32Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 1 : 0)); // right column hot
    const png = PNG.sync.read(overlayPng(gray, w, h, heat, 4, 4));
    expect([png.width, png.height]).toEqual([w, h]);
    // Top-left pixel: grey 0, heat 0 → 0.4·magma(0); right edge: heat 1 → 0.6·grey + 0.4·magma(1).
    const px = (x: number, y: number): number[] => Array.from(png.data.subarray(4 * (y * w + x), 4 * (y * w + x) + 3));
    expect(px(0, 0)).toEqual(magma(0).map((c) => Math.round(0.4 * c)));
    expect(px(w - 1, 0)).toEqual(magma(1).map((c) => Math.round(0.6 * gray[w - 1]! + 0.4 * c)));
    const noBlend = PNG.sync.read(overlayPng(gray, w, h, heat, 4, 4, { alpha: 0 }));
    expect(noBlend.data[4 * 10]).toBe(gray[10]);
    expect(() => overlayPng(gray, w, h, heat, 4, 4, { alpha: 2 })).toThrow(/alpha/);
    expect(() => overlayPng(gray, w + 1, h, heat, 4, 4)).toThrow(/expected 41×30/);
  });

  it('min–max scales a float image, and heatmapPng upsamples to the size asked', () => {
    const gray = Float32Array.from({ length: 64 }, (_, i) => 1000 + i);
    const png = PNG.sync.read(overlayPng(gray, 8, 8, new Float32Array(4), 2, 2, { alpha: 0 }));
    expect([png.data[0], png.data[4 * 63]]).toEqual([0, 255]);
    const hm = PNG.sync.read(heatmapPng(Float32Array.from([0, 1, 1, 0]), 2, 2, { width: 20, height: 10 }));
    expect([hm.width, hm.height]).toEqual([20, 10]);
    expect(Array.from(hm.data.subarray(0, 3))).toEqual(magma(0));
  });

  it('writes a look-at-me overlay to /tmp', () => {
    const w = 128, h = 128;
    const gray = Uint8Array.from({ length: w * h }, (_, i) => {
      const x = (i % w) / w - 0.5, y = Math.floor(i / w) / h - 0.5;
      return Math.round(200 * Math.exp(-(x * x + y * y) * 6));
    });
    const heat = Float32Array.from({ length: 49 }, (_, i) => Math.exp(-(((i % 7) - 2) ** 2 + (Math.floor(i / 7) - 4) ** 2) / 2));
    const buf = overlayPng(gray, w, h, heat, 7, 7);
    writeFileSync('/tmp/medgrade-interpret-overlay.png', buf);
    expect(PNG.sync.read(buf).width).toBe(w);
  });
});
