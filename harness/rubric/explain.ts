import type { Rubric } from './schema.js';

/** The student-facing addendum: interface, limits, libraries, files, grading. Plain text for a terminal. */
export function explainRubric(r: Rubric): string {
  const lines: string[] = [];
  const h = (t: string) => lines.push('', t, '-'.repeat(t.length));
  lines.push(r.title, '='.repeat(r.title.length), `Source: ${r.source}`);
  h('What you implement');
  lines.push(r.addendum.trimEnd());
  h('Limits per phase');
  for (const [name, phase] of Object.entries(r.phases)) {
    if (!phase) continue;
    const l = phase.limits;
    lines.push(`${name}: ${phase.command.join(' ')}`,
      `  time ${l.wallSeconds} s wall / ${l.cpuSeconds} s CPU, memory ${l.memoryMb} MB, ${l.pids} processes, ${l.diskMb} MB disk, no network`);
  }
  for (const nb of r.notebooks) {
    lines.push(`notebook ${nb.path}: run top to bottom, ${nb.cellSeconds} s per cell, ${nb.totalSeconds} s in all, dataset in ./${nb.dataDir}`);
  }
  h('Allowed libraries');
  lines.push(`Python ${r.environment.python}, the standard library, your own modules, and:`);
  for (const [name, spec] of Object.entries(r.environment.allowed)) lines.push(`  ${name} ${spec}`);
  if (r.environment.alsoAllowed.length) lines.push(`  also: ${r.environment.alsoAllowed.join(', ')}`);
  h('Required files');
  for (const f of r.files.required) lines.push(`  ${f.path}${f.blocking ? ' (required to grade at all)' : ''}: ${f.purpose}`);
  if (r.files.report) {
    const rep = r.files.report;
    lines.push(`  ${rep.pattern}: ${rep.pages.min}-${rep.pages.max} pages, with sections ${rep.sections.map((s) => s.name).join('; ')}`);
  }
  const f = r.files.forbidden;
  lines.push(`  Do not include model weights (${f.weightExtensions.join(' ')}) or the dataset (more than ${f.maxDataFiles} image/volume files, or any file over ${f.maxFileMb} MB).`);
  h('How it is graded');
  lines.push(`Metrics on the hidden test set: ${r.metrics.join(', ')}; compared with the reference runs "${r.reference.id}".`);
  for (const c of r.criteria) {
    const how = c.manual ? 'scored by a person' : c.performance
      ? `full points at or above the reference band's low edge for ${c.performance.metric}, linearly down to 0 at ${c.performance.floor}`
      : 'automatic';
    lines.push(`  ${c.title}: ${c.points} points, ${how}.`);
    if (c.zeroWhen) lines.push(`    Zero when: ${c.zeroWhen.reason}`);
    for (const d of c.deductions) lines.push(`    -${d.points}${d.perFinding ? ' each' : ''} for ${d.kind}`);
  }
  lines.push('', 'Check your submission before the deadline with: medgrade check <your folder or zip> --rubric <this rubric>');
  return `${lines.join('\n')}\n`;
}
