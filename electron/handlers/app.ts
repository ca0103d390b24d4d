import { inTransaction } from '../../db/client';
import { countModels } from '../../db/queries/models';
import { getSetting, putSetting } from '../../db/queries/settings';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { seedDemo } from '../services/demo';
import { actorOf, FIRST_RUN_KEY, PROFILE_KEY, profileOf, saveAuditedSetting, type HandlerContext } from './context';

export const DEFAULT_DEMO_MODELS = 250;

export const appHandlers = {
  'app.info': (ctx: HandlerContext) => {
    const modelCount = countModels(ctx.db);
    return {
      version: ctx.appVersion,
      schemaVersion: ctx.schemaVersion,
      dbPath: ctx.dbPath,
      profile: profileOf(ctx),
      modelCount,
      firstRun: modelCount === 0 && getSetting(ctx.db, FIRST_RUN_KEY) === undefined,
    };
  },

  'profile.save': (ctx: HandlerContext, input: ParsedInputOf<'profile.save'>) =>
    inTransaction(ctx.db, () => {
      return saveAuditedSetting(ctx, input.name, PROFILE_KEY, profileOf(ctx), input);
    }),

  'portfolio.start': (ctx: HandlerContext, input: ParsedInputOf<'portfolio.start'>) =>
    inTransaction(ctx.db, () => {
      // The demo may still be chosen later (the command line's seed-demo) while the inventory is empty: seedDemo refuses otherwise.
      if (input.choice === 'empty' && getSetting(ctx.db, FIRST_RUN_KEY) !== undefined) throw new AppError('conflict', 'The portfolio was already started');
      const now = ctx.now();
      const created =
        input.choice === 'demo'
          ? seedDemo(ctx.db, { models: input.models ?? DEFAULT_DEMO_MODELS, seed: input.seed ?? 42, actor: actorOf(ctx), now })
          : 0;
      putSetting(ctx.db, FIRST_RUN_KEY, { choice: input.choice, at: now.toISOString() }, now.toISOString());
      return { created };
    }),
};
