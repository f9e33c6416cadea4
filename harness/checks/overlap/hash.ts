import type { GrayImage, ImageHashes } from './types.js';

/**
 * Perceptual hashes, 64 bits each, stored as [high, low] unsigned 32-bit halves.
 * Both work on gray images shrunk by area averaging (every source pixel counts
 * with its overlap), which makes them insensitive to the source size.
 */
export function hashImage(img: GrayImage): ImageHashes {
  // One full-resolution pass: the 9×8 dHash grid is area-averaged from the 32×32 thumbnail.
  const t32 = areaResample(img, DCT_N, DCT_N);
  const small: GrayImage32 = { width: DCT_N, height: DCT_N, data: t32 };
  return { dHash: dHashOf(areaResample(small, 9, 8)), pHash: pHashOf32(t32), thumb: thumbnailOf32(t32) };
}

/**
 * A 16×16 thumbnail, mean-centred and scaled to unit length, so that the dot
 * product of two thumbnails is their normalised cross-correlation (1 = same
 * picture up to brightness and contrast). It confirms hash matches: unrelated
 * images of one modality often agree in their hash bits, never in their pixels.
 */
function thumbnailOf32(t32: Float64Array): Float32Array {
  const out = new Float32Array(256);
  let mean = 0;
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const i = y * 2 * DCT_N + x * 2;
      const v = (t32[i]! + t32[i + 1]! + t32[i + DCT_N]! + t32[i + DCT_N + 1]!) / 4;
      out[y * 16 + x] = v;
      mean += v;
    }
  }
  mean /= 256;
  let norm = 0;
  for (let i = 0; i < 256; i++) { out[i] = out[i]! - mean; norm += out[i]! * out[i]!; }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < 256; i++) out[i] = out[i]! * scale;
  return out;
}

/** Normalised cross-correlation of two thumbnails, in [-1, 1]; 0 when either is flat. */
export function thumbCorrelation(a: Float32Array, b: Float32Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += a[i]! * b[i]!;
  return acc;
}

/** For each output cell along one axis: the source indices it covers and their weights. */
function areaWeights(src: number, dst: number): { start: Int32Array; weights: Float64Array[] } {
  const start = new Int32Array(dst);
  const weights: Float64Array[] = [];
  const scale = src / dst;
  for (let o = 0; o < dst; o++) {
    const a = o * scale, b = (o + 1) * scale;
    const first = Math.floor(a), last = Math.min(src - 1, Math.ceil(b) - 1);
    const w = new Float64Array(last - first + 1);
    for (let i = first; i <= last; i++) w[i - first] = (Math.min(b, i + 1) - Math.max(a, i)) / scale;
    start[o] = first;
    weights.push(w);
  }
  return { start, weights };
}

/** A gray image whose values may be fractional (an intermediate thumbnail). */
interface GrayImage32 {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** Integer shrink factors (256→32) need no weights: plain block sums. */
function blockMean(img: GrayImage32, outW: number, outH: number): Float64Array {
  const { width, height, data } = img;
  const fx = width / outW, fy = height / outH;
  const out = new Float64Array(outW * outH);
  for (let y = 0; y < height; y++) {
    const orow = Math.floor(y / fy) * outW;
    let i = y * width;
    for (let o = 0; o < outW; o++) {
      let acc = 0;
      for (let k = 0; k < fx; k++) acc += data[i++]!;
      out[orow + o]! += acc;
    }
  }
  const inv = 1 / (fx * fy);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * inv;
  return out;
}

/** Area-averaging resample to outW×outH (separable: rows first, then columns). */
export function areaResample(img: GrayImage32, outW: number, outH: number): Float64Array {
  const { width, height, data } = img;
  if (width % outW === 0 && height % outH === 0) return blockMean(img, outW, outH);
  const wx = areaWeights(width, outW);
  const wy = areaWeights(height, outH);
  const tmp = new Float64Array(outW * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let o = 0; o < outW; o++) {
      const s = wx.start[o]!, w = wx.weights[o]!;
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += data[row + s + k]! * w[k]!;
      tmp[y * outW + o] = acc;
    }
  }
  const out = new Float64Array(outW * outH);
  for (let o = 0; o < outH; o++) {
    const s = wy.start[o]!, w = wy.weights[o]!;
    for (let x = 0; x < outW; x++) {
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += tmp[(s + k) * outW + x]! * w[k]!;
      out[o * outW + x] = acc;
    }
  }
  return out;
}

/** dHash: 9×8 thumbnail, one bit per horizontal neighbour pair (left brighter than right). */
export function dHash(img: GrayImage): [number, number] {
  return dHashOf(areaResample(img, 9, 8));
}

function dHashOf(t: Float64Array): [number, number] {
  const bits: boolean[] = [];
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) bits.push(t[y * 9 + x]! > t[y * 9 + x + 1]!);
  return packBits(bits);
}

const DCT_N = 32;
const DCT_K = 8;
/** cos((2x+1)uπ/2N) for u < 8, x < 32; the DCT's normalisation cancels in the median test. */
function dctBasis(): Float64Array {
  const m = new Float64Array(DCT_K * DCT_N);
  for (let u = 0; u < DCT_K; u++) {
    for (let x = 0; x < DCT_N; x++) m[u * DCT_N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * DCT_N));
  }
  return m;
}

/** A constant table, computed once: pure data, no state. */
const BASIS = dctBasis();

/**
 * pHash: 32×32 thumbnail → 2-D DCT-II → top-left 8×8 low frequencies; a bit is
 * set where the coefficient is at least the median of the 63 non-DC ones (the DC
 * term is left out of the median because it only carries mean brightness).
 */
export function pHash(img: GrayImage): [number, number] {
  return pHashOf32(areaResample(img, DCT_N, DCT_N));
}

function pHashOf32(t: Float64Array): [number, number] {
  const basis = BASIS;
  // rows: R[y][v] = Σx t[y][x]·B[v][x]; then C[u][v] = Σy B[u][y]·R[y][v]
  const r = new Float64Array(DCT_N * DCT_K);
  for (let y = 0; y < DCT_N; y++) {
    for (let v = 0; v < DCT_K; v++) {
      let acc = 0;
      for (let x = 0; x < DCT_N; x++) acc += t[y * DCT_N + x]! * basis[v * DCT_N + x]!;
      r[y * DCT_K + v] = acc;
    }
  }
  const c = new Float64Array(DCT_K * DCT_K);
  for (let u = 0; u < DCT_K; u++) {
    for (let v = 0; v < DCT_K; v++) {
      let acc = 0;
      for (let y = 0; y < DCT_N; y++) acc += basis[u * DCT_N + y]! * r[y * DCT_K + v]!;
      c[u * DCT_K + v] = acc;
    }
  }
  const median = medianOf(Array.from(c.subarray(1)));
  return packBits(Array.from(c, (v) => v >= median));
}

function medianOf(values: number[]): number {
  const s = values.sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function packBits(bits: boolean[]): [number, number] {
  let hi = 0, lo = 0;
  for (let i = 0; i < 32; i++) hi = (hi << 1) | (bits[i] ? 1 : 0);
  for (let i = 32; i < 64; i++) lo = (lo << 1) | (bits[i] ? 1 : 0);
  return [hi >>> 0, lo >>> 0];
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hamming(a: [number, number], b: [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

export function hashToHex(h: [number, number]): string {
  return h[0].toString(16).padStart(8, '0') + h[1].toString(16).padStart(8, '0');
}
