import type { InputOf, Method, OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/errors';
import { bridge } from './transport';

/** A failed call, carrying the typed error from the backend (field issues included). */
export class ApiError extends Error {
  readonly data: AppErrorData;
  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.data = data;
  }
}

export const call = async <M extends Method>(method: M, input: InputOf<M>): Promise<OutputOf<M>> => {
  let result;
  try {
    result = await bridge.invoke(method, input);
  } catch (e) {
    throw new ApiError({ code: 'internal', message: `Could not reach the backend: ${(e as Error).message}` });
  }
  if (!result.ok) throw new ApiError(result.error);
  return result.value as OutputOf<M>;
};

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
