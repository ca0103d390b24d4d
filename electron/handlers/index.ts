import { contract, isMethod, type Method, type OutputOf, type ParsedInputOf, type Result } from '../../shared/contract';
import { AppError, invalidInput, toErrorData } from '../../shared/errors';
import { describeUnsafe, findUnsafeText } from '../../shared/text';
import { describeHolders, otherHolders } from '../../db/holders';
import { databaseError } from '../../db/pg/errors';
import { appHandlers } from './app';
import { assessmentHandlers } from './assessments';
import { auditHandlers } from './audit';
import type { HandlerContext } from './context';
import { backupHandlers } from './backups';
import { jobHandlers } from './jobs';
import { matrixHandlers } from './matrix';
import { modelHandlers } from './models';
import { monitoringHandlers } from './monitoring';
import { findingHandlers } from './findings';
import { workHandlers } from './work';
import { treatmentHandlers } from './treatments';
import { portfolioHandlers } from './portfolio';
import { registerHandlers } from './register';
import { reviewHandlers } from './reviews';
import { peopleHandlers } from './people';
import { connectionHandlers } from './connection';

const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test((e as { code?: string }).code ?? '');

/** A write that waited out another process's lock: said as such, naming who holds the database when known. */
const busyError = (ctx: HandlerContext): AppError => {
  const others = otherHolders(ctx.dbPath);
  return new AppError('busy', `The database is busy: another process is writing to it${others.length ? ` (${describeHolders(others)})` : ''}. Nothing was changed; try again in a moment`, { holders: others });
};

/** Inputs that are whole files (checked as files by their importers), not text fields. */
const FILE_CONTENT: Partial<Record<Method, string[]>> = {
  'register.previewImport': ['csv'],
  'register.importInventory': ['csv'],
  'monitoring.preview': ['content'],
  'monitoring.ingest': ['content'],
  'files.append': ['data'],
};

/**
 * No text field of any method may hold NUL, control, bidirectional-control or invisible
 * characters: checked here once for the whole contract, so no form, host or new method can
 * forget it. The error names the field and the character.
 */
const refuseUnsafeText = (method: Method, input: unknown): void => {
  const found = findUnsafeText(input, FILE_CONTENT[method] ?? []);
  if (!found) return;
  const message = describeUnsafe(found.problem);
  throw new AppError('invalid_input', `Invalid input for ${method}: ${found.path || 'value'}: ${message}`, { issues: [{ path: found.path, message }] });
};

export type Handlers = { [M in Method]: (ctx: HandlerContext, input: ParsedInputOf<M>) => OutputOf<M> | Promise<OutputOf<M>> };

/** The one handler table; Electron IPC, the browser host and the CLI all call through `dispatch`. */
export const handlers = { ...appHandlers, ...peopleHandlers, ...modelHandlers, ...assessmentHandlers, ...auditHandlers, ...portfolioHandlers, ...matrixHandlers, ...registerHandlers, ...reviewHandlers, ...monitoringHandlers, ...findingHandlers, ...workHandlers, ...treatmentHandlers, ...jobHandlers, ...backupHandlers, ...connectionHandlers } satisfies Handlers;

/**
 * Validates the method name and input against the contract, runs the handler, and turns every
 * failure into the typed error. Hosts never see a thrown exception.
 */
export const dispatch = async (ctx: HandlerContext, method: unknown, input: unknown): Promise<Result<unknown>> => {
  try {
    if (!isMethod(method)) {
      throw new AppError('unknown_method', `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    }
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) throw invalidInput(parsed.error, `input for ${method}`);
    refuseUnsafeText(method, parsed.data);
    const handler = handlers[method] as (c: HandlerContext, i: unknown) => unknown;
    return { ok: true, value: await handler(ctx, parsed.data) };
  } catch (e) {
    const error = toErrorData(isBusy(e) ? busyError(ctx) : (databaseError(e) ?? e));
    if (error.code === 'internal') console.error(`[${String(method)}]`, e);
    return { ok: false, error };
  }
};

export type { HandlerContext } from './context';
