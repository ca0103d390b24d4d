import { inTransaction } from '../../db/client';
import { countModels } from '../../db/queries/models';
import { getSetting, putSetting } from '../../db/queries/settings';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { seedDemo } from './demo';
import { FIRST_RUN_KEY, identityMode, profileOf, sharedComputerAllowed, type HandlerContext } from './context';
import { LOCAL_IDENTITY_STATEMENT, VERIFIED_IDENTITY_STATEMENT } from '../../shared/profile';

export const DEFAULT_DEMO_MODELS = 250;

export const appHandlers = {
  'app.info': async (ctx: HandlerContext) => {
    const modelCount = await countModels(ctx.db);
    return {
      version: ctx.appVersion,
      schemaVersion: ctx.schemaVersion,
      dbPath: ctx.dbPath,
      profile: await profileOf(ctx),
      identity: {
        mode: identityMode(ctx),
        statement: identityMode(ctx) === 'directory' ? VERIFIED_IDENTITY_STATEMENT : LOCAL_IDENTITY_STATEMENT,
        osUser: ctx.osUser,
        sharedComputer: await sharedComputerAllowed(ctx),
        ...(ctx.login ? { login: ctx.login } : {}),
      },
      modelCount,
      firstRun: modelCount === 0 && (await getSetting(ctx.db, FIRST_RUN_KEY)) === undefined,
    };
  },

  'portfolio.start': async (ctx: HandlerContext, input: ParsedInputOf<'portfolio.start'>) =>
    await inTransaction(ctx.db, async () => {
      // The demo may still be chosen later (the command line's seed-demo) while the inventory is empty: seedDemo refuses otherwise.
      if (input.choice === 'empty' && (await getSetting(ctx.db, FIRST_RUN_KEY)) !== undefined) throw new AppError('conflict', 'The portfolio was already started');
      const now = ctx.now();
      const created =
        input.choice === 'demo'
          ? await seedDemo(ctx, { models: input.models ?? DEFAULT_DEMO_MODELS, seed: input.seed ?? 42 })
          : 0;
      await putSetting(ctx.db, FIRST_RUN_KEY, { choice: input.choice, at: now.toISOString() }, now.toISOString());
      return { created };
    }),
};
