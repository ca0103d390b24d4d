import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import { contract, type Method } from '../../shared/contract';
import { errorCodes } from '../../shared/errors';
import { tempRuntime } from '../helpers/temp';
import { as } from '../helpers/people';

/**
 * Every method of the contract, fed arbitrary values (objects, arrays, strings, numbers, nulls,
 * nested junk, prototype-looking keys): the answer is a success or the typed error, never an
 * exception and never an internal error.
 */
describe('every contract method under fuzzed input', () => {
  it('answers with a typed error (never internal, never a throw) for anything it is sent', async () => {
    const { ctx } = await tempRuntime();
    await as(ctx, 'Fuzz Officer', 'risk_officer');
    const input = fc.oneof(
      fc.anything(),
      fc.dictionary(fc.constantFrom('ref', 'id', 'name', 'kind', 'task', 'fileId', 'rules', 'input', '__proto__', 'constructor', 'asOf', 'risks'), fc.anything()),
      fc.constant({ __proto__: { admin: true } }),
    );
    const methods = Object.keys(contract) as Method[];
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), input, async (method, value) => {
        calls += 1;
        // dispatch never rejects: every failure comes back as a typed error.
        const r = (await dispatch(ctx, method, value)) as unknown as { ok: boolean; error?: { code: string; message: string } };
        if (!r.ok) {
          expect(errorCodes).toContain(r.error!.code);
          expect(r.error!.code, `${method} ← ${JSON.stringify(value)?.slice(0, 200)}: ${r.error!.message}`).not.toBe('internal');
          expect(r.error!.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    expect(calls).toBeGreaterThanOrEqual(3000);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  }, 120_000);
});
