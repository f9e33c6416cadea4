/**
 * How a total count is split, written down once so the generator, its README and
 * the tests agree: val and test each get round(15% of count), train the rest; in
 * every split COVID gets ceil(k/2) images and Normal floor(k/2).
 */
export const SPLITS = ['train', 'val', 'test'] as const;
export const CLASSES = ['COVID', 'Normal'] as const;
export type Split = (typeof SPLITS)[number];
export type ClassName = (typeof CLASSES)[number];

export const SPLIT_RULE =
  'val = round(0.15*count), test = round(0.15*count), train = count - val - test; ' +
  'in each split COVID = ceil(k/2), Normal = floor(k/2).';

export type SplitCounts = Record<Split, Record<ClassName, number>>;

export function splitCounts(count: number): SplitCounts {
  const val = Math.round(0.15 * count);
  const test = Math.round(0.15 * count);
  const sizes: Record<Split, number> = { train: count - val - test, val, test };
  const out = {} as SplitCounts;
  for (const s of SPLITS) out[s] = { COVID: Math.ceil(sizes[s] / 2), Normal: Math.floor(sizes[s] / 2) };
  return out;
}

/** A seeded Fisher–Yates permutation of 0..n-1; ids are shuffled so their order says nothing about the label. */
export function permutation(n: number, next: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}
