import type { DataCommand } from '../../../harness/data/commands.js';

/**
 * The lab grading datasets as `medgrade data` commands. Builders are imported when run,
 * so listing the commands does not load TensorFlow.js or read any volume.
 */
export function labTaskCommands(): Record<string, DataCommand> {
  const real = (description: string, run: DataCommand['run']): DataCommand => ({ description, real: true, run });
  return {
    'lab1-breast-cancer': real('REAL Wisconsin breast cancer as a table (<split>/data.csv: id, 30 features, label benign|malignant), split as reference lab 1; --seed, --count.',
      async (o) => (await import('./lab1-breast-cancer.js')).buildLab1BreastCancer(o)),
    'lab2-digits': real('REAL sklearn digits 8×8 as a table (<split>/data.csv: id, px0..px63, label 0..9), split as reference lab 2; --seed, --count.',
      async (o) => (await import('./lab2-digits.js')).buildLab2Digits(o)),
    'lab3-t1-patches': real('REAL ITK T1 15×15 patches as PNG image folders (<split>/Dark|Bright/), sampled as reference lab 3; --seed, --count.',
      async (o) => (await import('./lab3-t1-patches.js')).buildLab3T1Patches(o)),
    'lab6-bold-windows': real('REAL nitime BOLD windows as a table (<split>/data.csv: id, t0_c0..t9_c0, label event|none), time split as reference lab 6; --count.',
      async (o) => (await import('./lab6-bold-windows.js')).buildLab6BoldWindows(o)),
  };
}
