import { z } from 'zod';

/**
 * reference/results/<id>.json: metrics of a reference lab or project over seeds.
 * The band is derived from seed variance plus the binomial variance of the
 * test set (docs/REFERENCE.md), never a fixed percentage.
 */
export const metricSummarySchema = z.object({
  mean: z.number(),
  std: z.number().nonnegative(),
  min: z.number(),
  max: z.number(),
  seeds: z.number().int().positive(),
  band: z.object({ low: z.number(), high: z.number() }),
  /** Test-set size the metric was measured on; lets the harness rescale the band to another size. */
  n: z.number().int().positive().optional(),
});

export const referenceSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  config: z.enum(['ci', 'small', 'full']),
  synthetic: z.boolean().describe('True when the data came from a synthetic generator.'),
  metrics: z.record(z.string(), metricSummarySchema),
  perExampleErrorRate: z.array(z.number()).optional(),
  wallSeconds: z.number().nonnegative(),
  provenance: z.object({
    backend: z.string(),
    versions: z.record(z.string(), z.string()),
    cpu: z.string(),
    gpu: z.string().nullable(),
    dataChecksums: z.record(z.string(), z.string()),
    seeds: z.array(z.number().int()),
    createdAt: z.string(),
  }),
});

export type MetricSummary = z.infer<typeof metricSummarySchema>;
export type ReferenceFile = z.infer<typeof referenceSchema>;
