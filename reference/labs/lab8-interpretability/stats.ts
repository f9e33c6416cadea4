/**
 * Is an attribution map's mass inside the lesion more than chance? Three views, because each
 * chance level answers a different question:
 * - area: a map that ignores the image puts the mask's area fraction inside it (maskMass);
 * - sign test: on how many lesion images the map beats its own area fraction, against Bin(n, ½);
 * - permutation: maps paired with other images' lesion masks. This null keeps where the model
 *   looks in general (e.g. the middle of the head) and asks whether the map follows *this*
 *   image's lesion, so it is stricter than the area level.
 * Plus the pointing game: is the map's maximum inside the lesion?
 */
import { maskMass } from '../../core/interpret/index.js';
import { shuffledIndices, type Rng } from '../../core/seed.js';

export interface LocalisationStats {
  method: 'gradcam' | 'saliency';
  /** Lesion images explained. */
  n: number;
  /** Mean share of the map's mass inside the lesion (an all-zero map counts at its area fraction). */
  meanInside: number;
  /** Mean area fraction of the lesion: the chance level. */
  meanChance: number;
  /** meanInside / meanChance. */
  ratio: number;
  /** Images whose map puts more mass inside than the area fraction. */
  wins: number;
  /** One-sided sign-test p-value, P(X ≥ wins) for X ~ Bin(n, 0.5). */
  signP: number;
  /** Mean mass inside when maps are paired with other images' masks (mean over permutations). */
  permutationMean: number;
  /** One-sided permutation p-value, (1 + #perm ≥ observed) / (1 + permutations). */
  permutationP: number;
  permutations: number;
  /** Images whose map maximum lies inside the lesion. */
  pointingHits: number;
  pointingRate: number;
}

/** P(X ≥ k) for X ~ Bin(n, p), summed in log space so n in the thousands stays finite. */
export function binomialTail(k: number, n: number, p = 0.5): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const logChoose = (m: number): number => lgamma(n + 1) - lgamma(m + 1) - lgamma(n - m + 1);
  let s = 0;
  for (let m = k; m <= n; m++) s += Math.exp(logChoose(m) + m * Math.log(p) + (n - m) * Math.log(1 - p));
  return Math.min(1, s);
}

/** log Γ(x) for x > 0 (Lanczos, g = 7): exact enough for binomial coefficients. */
function lgamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function insideOrChance(map: Float32Array, mask: Uint8Array): { inside: number; chance: number } {
  const m = maskMass(map, mask);
  return { inside: Number.isNaN(m.inside) ? m.areaFraction : m.inside, chance: m.areaFraction };
}

function argmax(map: Float32Array): number {
  let best = 0;
  for (let i = 1; i < map.length; i++) if (map[i]! > map[best]!) best = i;
  return best;
}

/**
 * Statistics of `maps[i]` (image size, row-major) against `masks[i]` (same size, > 0 = lesion).
 * Every mask must be non-empty: a lesion-free image has no place where the evidence should be.
 */
export function localisationStats(method: LocalisationStats['method'], maps: readonly Float32Array[], masks: readonly Uint8Array[], rng: Rng, permutations = 1000): LocalisationStats {
  const n = maps.length;
  if (n !== masks.length) throw new Error(`${n} maps but ${masks.length} masks`);
  if (n === 0) throw new Error('localisation needs at least one lesion image');
  masks.forEach((m, i) => { if (!m.some((v) => v > 0)) throw new Error(`mask ${i} is empty`); });
  // inside[i][j]: map i against mask j, so every permutation is a table look-up.
  const inside = maps.map((map) => masks.map((mask) => insideOrChance(map, mask).inside));
  const chance = masks.map((m) => m.reduce((a, v) => a + (v > 0 ? 1 : 0), 0) / m.length);
  const own = inside.map((row, i) => row[i]!);
  const observed = own.reduce((a, b) => a + b, 0) / n;
  const meanChance = chance.reduce((a, b) => a + b, 0) / n;
  const wins = own.filter((v, i) => v > chance[i]!).length;
  let atLeast = 0, permSum = 0;
  for (let p = 0; p < permutations; p++) {
    const perm = shuffledIndices(rng, n);
    let s = 0;
    for (let i = 0; i < n; i++) s += inside[i]![perm[i]!]!;
    s /= n;
    permSum += s;
    if (s >= observed - 1e-12) atLeast++;
  }
  const pointingHits = maps.filter((map, i) => masks[i]![argmax(map)]! > 0).length;
  return {
    method, n, meanInside: observed, meanChance, ratio: meanChance > 0 ? observed / meanChance : NaN,
    wins, signP: binomialTail(wins, n), permutationMean: permutations ? permSum / permutations : NaN,
    permutationP: (1 + atLeast) / (1 + permutations), permutations, pointingHits, pointingRate: pointingHits / n,
  };
}
