import type { Result } from '../../shared/contract';

/** The value of a successful call; a failure fails the test with its code and message. */
export const ok = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

/** The error of a refused call; a success fails the test. */
export const refused = (r: Result<unknown>): { code: string; message: string; details?: Record<string, unknown> } => {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
};
