import { Command } from 'commander';
import { MedgradeError } from './errors.js';
import { registerGradeCommands } from './cli/grade.js';
import { registerToolCommands } from './cli/tools.js';
import { registerReportCommands } from './cli/report.js';
import { registerReferenceCommands } from './cli/reference.js';

/**
 * Thin: parses arguments and calls the library. Each command's defaults live
 * next to the function it calls, so the CLI and the API cannot drift apart.
 */
export function buildProgram(): Command {
  const program = new Command('medgrade')
    .description('Grade deep-learning-for-medical-imaging submissions; regenerate reference results.')
    .showHelpAfterError()
    .exitOverride();
  registerGradeCommands(program);
  registerToolCommands(program);
  registerReportCommands(program);
  registerReferenceCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) return err.exitCode ?? 2;
    if (e instanceof MedgradeError) {
      process.stderr.write(`medgrade: ${e.message} [${e.code}]\n`);
      return 2;
    }
    throw e;
  }
}
