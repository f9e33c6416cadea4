/**
 * What a reference lab or project gives the registry. `run` trains and evaluates one seed
 * from scratch and returns plain numbers, so the registry can aggregate any project alike.
 */
export type ReferenceConfig = 'ci' | 'small' | 'full';

export interface ReferenceRunResult {
  /** Metric name (as in the rubric's `metrics:`) → value on the test set. */
  metrics: Record<string, number>;
  /** One entry per test example in a fixed order: 1 = the model got it wrong, 0 = right. */
  perExample: number[];
  /** Test-set size. */
  n: number;
  /** Name → sha256 of the data the run used. */
  dataChecksums: Record<string, string>;
  /** tfjs backend name, e.g. 'wasm' or 'tensorflow'. */
  backend: string;
  /** True when the data came from a synthetic generator. */
  synthetic: boolean;
  /**
   * Test-set sampling variance of a metric for this seed, where the project knows a better
   * estimate than the registry's binomial p(1-p)/n (roc_auc: Hanley–McNeil; f1: bootstrap).
   */
  samplingVariance?: Record<string, number>;
  /** Extra versions to record (library versions the project used). */
  versions?: Record<string, string>;
}

export interface ReferenceEntry {
  description: string;
  /**
   * Trains and evaluates one seed. With `outDir`, also writes the run's artifacts there:
   * metrics.json, its figures (PNG/SVG) and summary.md generated from the run's own numbers.
   */
  run(config: ReferenceConfig, seed: number, outDir?: string): Promise<ReferenceRunResult>;
}

/** id → entry. Registering a new lab or project is one line in registry.ts. */
export type ReferenceRegistry = Record<string, ReferenceEntry>;
