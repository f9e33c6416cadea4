import { describe, expect, it } from 'vitest';
import { syncSchemas } from '../../harness/schema/generate.js';

describe('committed JSON Schemas', () => {
  it('match the zod schemas they are generated from (run `npm run schemas` after a change)', () => {
    expect(syncSchemas('check')).toEqual([]);
  });
});
