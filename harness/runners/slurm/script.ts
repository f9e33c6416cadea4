/** What one array job needs; every path absolute. */
export interface ArrayScriptInput {
  jobName: string;
  /** Batch output folder: results land in <out>/<id>/. */
  out: string;
  /** Folder for Slurm's own files (<out>/.slurm). */
  slurmDir: string;
  /** Line i (0-based) is the input of array task i. */
  inputsFile: string;
  tasks: number;
  node: string;
  cli: string;
  rubric: string;
  inner: 'sandbox' | 'docker';
  partition?: string;
  gres?: string;
  /** Slurm time limit per task, e.g. "00:30:00" (Slurm rounds up to minutes). */
  time?: string;
  /** Most tasks running at once (`--array=0-N%P`). */
  parallel?: number;
  cpusPerTask?: number;
  memMb?: number;
  /** Extra `grade-one` flags, e.g. ["--python", "/usr/bin/python3", "--no-trace"]. */
  gradeFlags?: string[];
}

/** Single-quotes a value for sh. */
export const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The sbatch script. Each task grades into its own scratch folder (a batch
 * clears its `.work` at start, so tasks must not share one) and then moves the
 * finished `<id>/` folder into the batch folder. Pure, so it is unit-tested.
 */
export function arrayScript(x: ArrayScriptInput): string {
  const directives = [
    `--job-name=${x.jobName}`,
    `--array=0-${x.tasks - 1}${x.parallel ? `%${x.parallel}` : ''}`,
    `--output=${x.slurmDir}/logs/%A_%a.out`,
    `--cpus-per-task=${x.cpusPerTask ?? 1}`,
    ...(x.memMb ? [`--mem=${x.memMb}M`] : []),
    ...(x.partition ? [`--partition=${x.partition}`] : []),
    ...(x.gres ? [`--gres=${x.gres}`] : []),
    ...(x.time ? [`--time=${x.time}`] : []),
  ];
  const flags = ['--rubric', x.rubric, '--runner', x.inner, '--no-report', ...(x.gradeFlags ?? [])].map(shq).join(' ');
  return [
    '#!/bin/sh',
    ...directives.map((d) => `#SBATCH ${d}`),
    '# Written by medgrade (harness/runners/slurm); one task per submission.',
    'set -u',
    `INPUT=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" ${shq(x.inputsFile)})`,
    `TASK_OUT=${shq(`${x.slurmDir}/out`)}/$SLURM_ARRAY_TASK_ID`,
    'rm -rf "$TASK_OUT" && mkdir -p "$TASK_OUT"',
    'echo "medgrade: task $SLURM_ARRAY_TASK_ID grades $INPUT on $(hostname)"',
    `${shq(x.node)} ${shq(x.cli)} grade-one "$INPUT" --out "$TASK_OUT" ${flags}`,
    'rc=$?',
    'for d in "$TASK_OUT"/*/; do',
    '  [ -f "$d/result.json" ] || continue',
    '  id=$(basename "$d")',
    `  rm -rf ${shq(x.out)}/"$id" && mv "$d" ${shq(x.out)}/"$id"`,
    'done',
    'rm -rf "$TASK_OUT"',
    'exit $rc',
    '',
  ].join('\n');
}
