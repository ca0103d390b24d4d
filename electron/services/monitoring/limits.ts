import { AppError } from '../../../shared/errors';

export const LIMITS = { bytes: 500 * 1024 * 1024, rows: 20_000_000, lineChars: 1_000_000, jsonDepth: 64 } as const;

/** The one import error: names the file and the line or key, and nothing is written. */
export const importError = (file: string, where: string, message: string): AppError =>
  new AppError('invalid_input', `${file}${where ? ` (${where})` : ''}: ${message}`, { file, where });
