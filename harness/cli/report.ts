import type { Command } from 'commander';
import { renderReports } from '../report/render.js';

export function registerReportCommands(program: Command): void {
  program.command('report').description('re-render reports from existing results, without re-running anything')
    .argument('<dir>')
    .option('--no-pdf', 'HTML only')
    .action(async (dir: string, flags: { pdf: boolean }) => { await renderReports(dir, { pdf: flags.pdf }); });
}
