import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { EnvironmentSpec } from '../../harness/env/python.js';

/** Shared across test files and runs, so the venv is built once (~1 min) and then reused. */
export const TEST_CACHE = join(tmpdir(), 'medgrade-test-cache');

export const NUMPY_ENV: EnvironmentSpec = {
  python: '3.11', kind: 'venv', allowed: {}, importNames: {}, alsoAllowed: [], install: ['numpy'], images: {},
};
