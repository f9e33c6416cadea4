import { z } from 'zod';
import { MedgradeError } from '../errors.js';
import { generateCovidSynthetic } from '../../reference/data/covid-synthetic/generate.js';
import { adapterCommands } from '../../reference/data/adapters/index.js';
import { labTaskCommands } from '../../reference/data/tasks/labs.js';
import { ovarianSegmentationCommand } from '../../reference/data/tasks/ovarian-segmentation.js';
import { ctLesionsCommand } from '../../reference/data/ct-lesions/command.js';
import { ctSubjectsCommand } from '../../reference/data/ct-subjects/command.js';
import { lab4SegmentationCommand } from '../../reference/data/tasks/lab4-segmentation.js';

/**
 * `medgrade data <name> --out DIR ...`: one entry per generator or adapter.
 * `real: false` marks synthetic data, which every command says in its output.
 * Others add their generators to `dataCommands()`; the CLI lists them from it.
 */
export const dataCommandOptionsSchema = z.object({
  out: z.string().min(1),
  seed: z.coerce.number().int().nonnegative().optional(),
  count: z.coerce.number().int().positive().optional(),
  size: z.coerce.number().int().positive().optional(),
  masks: z.boolean().optional(),
});
export type DataCommandOptions = z.input<typeof dataCommandOptionsSchema>;

export interface DataCommand {
  description: string;
  /** False for synthetic data. */
  real: boolean;
  /** Writes the data under options.out and returns the lines to print. */
  run(options: z.output<typeof dataCommandOptionsSchema>): Promise<string[]>;
}

export function dataCommands(): Record<string, DataCommand> {
  return {
    ...adapterCommands(),
    ...labTaskCommands(),
    'ovarian-segmentation': ovarianSegmentationCommand(),
    'ct-lesions': ctLesionsCommand(),
    'ct-subjects': ctSubjectsCommand(),
    'lab4-segmentation': lab4SegmentationCommand(),
    'covid-synthetic': {
      description: 'SYNTHETIC phantom chest X-rays in the covid_xray.zip layout (train|val|test/COVID|Normal/*.png).',
      real: false,
      async run(o) {
        const r = await generateCovidSynthetic({ out: o.out, seed: o.seed, count: o.count, size: o.size, masks: o.masks });
        const total = Object.keys(r.checksums).length;
        const per = (['train', 'val', 'test'] as const).map((s) => `${s} ${r.counts[s].COVID}+${r.counts[s].Normal}`).join(', ');
        return [
          `Wrote ${total} SYNTHETIC images (not real X-rays) to ${o.out}`,
          `  COVID+Normal per split: ${per}`,
          `  digest ${r.digest}; see ${o.out}/DATASET.json and README.txt`,
        ];
      },
    },
  };
}

/** Runs one data command by name; `print` defaults to console.log. */
export async function runDataCommand(
  name: string,
  options: DataCommandOptions,
  print: (line: string) => void = console.log,
): Promise<string[]> {
  const commands = dataCommands();
  const command = commands[name];
  if (!command) {
    throw new MedgradeError('E_USAGE', `unknown data command "${name}"; known: ${Object.keys(commands).join(', ')}`);
  }
  const parsed = dataCommandOptionsSchema.safeParse(options);
  if (!parsed.success) throw new MedgradeError('E_USAGE', `data ${name}: ${parsed.error.message}`);
  const lines = await command.run(parsed.data);
  for (const line of lines) print(line);
  return lines;
}
