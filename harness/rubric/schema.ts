import { z } from 'zod';
import { FINDING_KINDS, type FindingKind } from '../schema/finding.js';

const kind = z.enum(Object.keys(FINDING_KINDS) as [FindingKind, ...FindingKind[]]);

export const limitsSchema = z.object({
  wallSeconds: z.number().positive().default(600).describe('Wall-clock limit; the phase is killed after it.'),
  cpuSeconds: z.number().positive().default(1200).describe('CPU-time limit (prlimit --cpu).'),
  memoryMb: z.number().int().positive().default(4096).describe('Memory limit (cgroup); exceeding it kills the phase.'),
  pids: z.number().int().positive().default(256).describe('Most processes and threads at once (cgroup pids).'),
  diskMb: z.number().int().positive().default(1024).describe('Size of the writable output folder and of /tmp.'),
  logBytes: z.number().int().positive().default(65536).describe('Tail of stdout and of stderr kept in the result.'),
});
export type Limits = z.infer<typeof limitsSchema>;

export const phaseSchema = z.object({
  command: z.array(z.string()).min(1).describe('argv; /data, /out, /test, /model and /work are the sandbox paths.'),
  limits: limitsSchema.default(limitsSchema.parse({})),
  /** Files the phase may write, for collect: history CSV, predictions, masks. */
  outputs: z.record(z.string(), z.string()).default({}),
});

const csvRuleSchema = z.object({
  columns: z.array(z.string()).default([]).describe('Columns that must be present (case-insensitive).'),
  anyColumn: z.array(z.string()).default([]).describe('Regexes; at least one column must match each.'),
  minRows: z.number().int().nonnegative().default(1),
  minColumns: z.number().int().nonnegative().default(0),
});

export const requiredFileSchema = z.object({
  path: z.string().describe('Glob relative to the submission root, e.g. "results/*baseline*.csv".'),
  purpose: z.string(),
  blocking: z.boolean().default(false).describe('When missing, the submission is invalid and nothing runs.'),
  csv: csvRuleSchema.optional(),
  text: z.object({
    sections: z.array(z.object({ name: z.string(), match: z.string().describe('Case-insensitive regex, tried on every line.') })).min(1),
  }).optional().describe('A written text file (Markdown, plain text) and the sections it must have.'),
});

export const reportSchema = z.object({
  pattern: z.string().describe('File name with {group}, e.g. Report_group{group}.pdf.'),
  required: z.boolean().default(true),
  pages: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }),
  sections: z.array(z.object({ name: z.string(), match: z.string().describe('Case-insensitive regex.') })),
});

export const notebookSchema = z.object({
  path: z.string(),
  cellSeconds: z.number().positive().default(300),
  totalSeconds: z.number().positive().default(1200),
  memoryMb: z.number().int().positive().default(4096),
  dataDir: z.string().describe('Folder name, inside the notebook\'s working folder, that holds the course dataset.'),
});

export const environmentSchema = z.object({
  python: z.string().describe('The Python version the assignment names.'),
  kind: z.enum(['venv', 'system']).describe('venv: built from PyPI; system: Debian python3 with its site packages.'),
  allowed: z.record(z.string(), z.string()).describe('Distribution name → version specifier students may use.'),
  importNames: z.record(z.string(), z.string()).default({}).describe('Import name → distribution, where they differ.'),
  alsoAllowed: z.array(z.string()).default([]).describe('Import names allowed without a version rule.'),
  install: z.array(z.string()).default([]).describe('Requirements the grading venv installs (a CPU build may stand in).'),
  images: z.object({ cpu: z.string().optional(), gpu: z.string().optional() }).default({}),
});

export const criterionSchema = z.object({
  id: z.string(),
  title: z.string(),
  points: z.number().positive(),
  group: z.string().optional().describe('Criteria sharing a group are summed in exports, e.g. "code".'),
  manual: z.boolean().default(false).describe('Needs a person; pending until scored.'),
  instructorOnly: z.boolean().default(false),
  deductions: z.array(z.object({
    kind,
    points: z.number().positive(),
    minSeverity: z.enum(['error', 'warning', 'info']).default('error'),
    perFinding: z.boolean().default(false),
  })).default([]),
  zeroWhen: z.object({
    kinds: z.array(kind),
    minSeverity: z.enum(['error', 'warning', 'info']).default('error'),
    reason: z.string(),
  }).optional(),
  performance: z.object({
    metric: z.string(),
    floor: z.number().describe('Metric value at which the points reach zero.'),
  }).optional(),
});

export const rubricSchema = z.object({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  source: z.string().describe('The course document the rubric encodes.'),
  environment: environmentSchema,
  files: z.object({
    required: z.array(requiredFileSchema).default([]),
    report: reportSchema.optional(),
    forbidden: z.object({
      weightExtensions: z.array(z.string()),
      dataExtensions: z.array(z.string()),
      maxDataFiles: z.number().int().nonnegative().default(20),
      maxFileMb: z.number().positive().default(5),
    }),
  }),
  task: z.object({
    kind: z.enum(['binary-classification', 'multiclass-classification', 'segmentation', 'artifacts']),
    layout: z.enum(['image-folder', 'table', 'segmentation', 'artifacts']).default('image-folder')
      .describe('How the dataset is laid out, what predict writes and how it is measured (harness/tasks).'),
    dataset: z.string().describe('Generator or adapter that builds the hidden data, e.g. covid-synthetic.'),
    datasetOptions: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
    classes: z.array(z.string()).min(1),
    positiveClass: z.string().optional(),
    threshold: z.number().min(0).max(1).default(0.5),
    emptyMaskDice: z.enum(['nan', 'one']).optional().describe('Dice when both masks are empty (segmentation).'),
    pretrained: z.array(z.enum(['mobilenet-v2-nsfwjs'])).default([])
      .describe('Pretrained networks shipped read-only to the train phase under /data/pretrained/ (harness/data/pretrained.ts), since nothing can be downloaded there.'),
  }),
  phases: z.object({ train: phaseSchema.optional(), predict: phaseSchema.optional() }).default({}),
  notebooks: z.array(notebookSchema).default([]),
  metrics: z.array(z.string()).default([]).describe('Metrics measured on the hidden test set; empty only for the artifacts layout.'),
  reference: z.object({ id: z.string() }),
  seed: z.number().int().default(1),
  criteria: z.array(criterionSchema).min(1),
  addendum: z.string().describe('What students implement beyond the course text; printed by `rubric explain`.'),
}).superRefine((r, ctx) => {
  // Only an artifacts rubric has nothing to measure.
  if (r.metrics.length === 0 && r.task.layout !== 'artifacts') {
    ctx.addIssue({ code: 'custom', path: ['metrics'], message: `a ${r.task.layout} rubric needs at least one metric` });
  }
});

export type Rubric = z.infer<typeof rubricSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type RequiredFile = z.infer<typeof requiredFileSchema>;
