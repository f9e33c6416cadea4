import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { findingSchema } from './finding.js';
import { resultSchema } from './result.js';
import { referenceSchema } from './reference.js';
import { rubricSchema } from '../rubric/schema.js';
import { writeFileAtomic } from '../util/fs.js';
import { PROJECT_ROOT } from '../version.js';

/** The JSON Schemas committed next to what they describe, generated from the zod schemas. */
export const SCHEMA_FILES: Record<string, z.ZodType> = {
  'harness/schema/finding.schema.json': findingSchema,
  'harness/schema/result.schema.json': resultSchema,
  'harness/schema/reference.schema.json': referenceSchema,
  'rubrics/rubric.schema.json': rubricSchema,
};

export function schemaText(schema: z.ZodType): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
}

/** Writes the schemas, or (check) lists the ones whose committed copy is stale. */
export function syncSchemas(mode: 'write' | 'check'): string[] {
  const stale: string[] = [];
  for (const [rel, schema] of Object.entries(SCHEMA_FILES)) {
    const path = join(PROJECT_ROOT, rel);
    const text = schemaText(schema);
    let current = '';
    try { current = readFileSync(path, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) {
      stale.push(rel);
      if (mode === 'write') writeFileAtomic(path, text);
    }
  }
  return stale;
}
