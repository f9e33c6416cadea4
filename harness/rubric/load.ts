import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { MedgradeError } from '../errors.js';
import { rubricSchema, type Rubric } from './schema.js';

export interface LoadedRubric {
  rubric: Rubric;
  path: string;
  /** sha256 of the file bytes: recorded in provenance and part of the resume key. */
  hash: string;
}

export function loadRubric(path: string): LoadedRubric {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new MedgradeError('E_INPUT_NOT_FOUND', 'rubric file not found', path);
  }
  return { rubric: parseRubric(text, path), path, hash: createHash('sha256').update(text).digest('hex') };
}

export function parseRubric(text: string, path: string): Rubric {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new MedgradeError('E_RUBRIC_PARSE', `rubric is not valid YAML: ${(e as Error).message}`, path);
  }
  const parsed = rubricSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new MedgradeError('E_RUBRIC_INVALID', `rubric does not match the schema:\n${lines.join('\n')}`, path);
  }
  const rubric = parsed.data;
  const ids = new Set<string>();
  for (const c of rubric.criteria) {
    if (ids.has(c.id)) throw new MedgradeError('E_RUBRIC_INVALID', `criterion id "${c.id}" appears twice`, path);
    ids.add(c.id);
  }
  return rubric;
}
