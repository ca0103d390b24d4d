import type { Result } from '../shared/contract';
import { AppError } from '../shared/errors';
import { isTrustedSender } from './security';

export { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

/**
 * What main.ts runs for every `invoke` from a renderer: calls from any frame but the app's own
 * are refused, then the method name and input are validated against the contract by `dispatch`.
 */
export const handleIpcInvoke = async (run: (method: unknown, input: unknown) => Promise<Result<unknown>>, senderUrl: string | undefined, method: unknown, input: unknown): Promise<Result<unknown>> =>
  isTrustedSender(senderUrl)
    ? await run(method, input)
    : { ok: false, error: new AppError('forbidden', `IPC refused: ${String(senderUrl ?? 'unknown frame')} is not the app`).toJSON() };
