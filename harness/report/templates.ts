import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

export interface Templates {
  report: Handlebars.TemplateDelegate;
  cohort: Handlebars.TemplateDelegate;
  reference: Handlebars.TemplateDelegate;
  css: string;
}

export function defaultTemplatesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');
}

/** Compiles the templates into a fresh Handlebars environment (no global registry). */
export function loadTemplates(dir = defaultTemplatesDir()): Templates {
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const partials = join(dir, 'partials');
  for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    hb.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
  }
  const compile = (name: string) => hb.compile(readFileSync(join(dir, name), 'utf8'), { strict: false });
  return { report: compile('report.hbs'), cohort: compile('cohort.hbs'), reference: compile('reference.hbs'), css: readFileSync(join(dir, 'style.css'), 'utf8') };
}
