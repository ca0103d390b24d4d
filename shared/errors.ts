import type { z } from 'zod';

export const errorCodes = [
  'invalid_input',
  'unknown_method',
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'db_corrupt',
  'db_too_new',
  'busy',
  'unavailable',
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type FieldIssue = { path: string; message: string };
export type ErrorDetails = { issues?: FieldIssue[]; [key: string]: unknown };

/** The one error shape every host returns: IPC, HTTP and the CLI all speak it. */
export type AppErrorData = { code: ErrorCode; message: string; details?: ErrorDetails };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toJSON(): AppErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const issuesFromZod = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

/** One line naming the first wrong field, e.g. `validator: must differ from the developers`. */
export const invalidInput = (error: z.ZodError, what: string): AppError => {
  const issues = issuesFromZod(error);
  const first = issues[0];
  const where = first && first.path ? `${first.path}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new AppError(
    'invalid_input',
    `Invalid ${what}: ${where}${first?.message ?? 'bad input'}${more}`,
    { issues },
  );
};

export const toErrorData = (e: unknown): AppErrorData =>
  isAppError(e)
    ? e.toJSON()
    : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
