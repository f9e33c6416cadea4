/**
 * Errors that reach a user carry a stable code and the file they concern, so the
 * CLI can print them plainly and tests can assert on the code, not the wording.
 */
export type ErrorCode =
  | 'E_RUBRIC_PARSE' | 'E_RUBRIC_INVALID' | 'E_INPUT_NOT_FOUND' | 'E_INPUT_FORMAT'
  | 'E_ARCHIVE_UNSAFE' | 'E_ARCHIVE_LIMIT' | 'E_PARSE' | 'E_ENV_BUILD' | 'E_RUNNER_UNAVAILABLE'
  | 'E_REFERENCE_INVALID' | 'E_USAGE';

export class MedgradeError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly file?: string) {
    super(file ? `${message} (${file})` : message);
    this.name = 'MedgradeError';
  }
}

/** A file's content is not what its format promises (NIfTI, CSV, zip, notebook...). */
export class ParseError extends MedgradeError {
  constructor(message: string, file: string) {
    super('E_PARSE', message, file);
    this.name = 'ParseError';
  }
}
