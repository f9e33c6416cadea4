// The report module's public functions, for the CLI and the grading spine.
export { readResults, writeGradebook, gradebookRows, gradebookCsv, withManualScores, type LoadedResults, type ResultProblem } from './gradebook.js';
export { renderCharts, rocFromScores, rocAuc, type ChartOptions, type Roc } from './charts.js';
export { renderReports, renderOneReport, renderText, type RenderOptions, type RenderSummary } from './render.js';
export { renderReferenceReport, type ReferenceReportOptions } from './reference.js';
export { exportGrades, readRoster, EXPORT_FORMATS, type ExportFormat, type ExportOptions, type ExportOutcome } from './export.js';
export { gradescopeResults, gradescopeFromDir } from './gradescope.js';
export { mergedResult, readScoreLog, scoreLogPath, scoresTemplate, writeScoresTemplate, importScores, importScoresFile, type ScoreLogEntry, type ImportOutcome } from './scores.js';
export { visibleTo, type Audience } from './view.js';
