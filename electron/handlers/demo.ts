import { appendAudit } from '../../db/audit';
import { inTransaction } from '../../db/client';
import { countModels } from '../../db/queries/models';
import { personNamed } from '../../db/queries/people';
import { deleteSetting, putSetting } from '../../db/queries/settings';
import { currentMatrix } from '../../db/queries/settings';
import { contract, type Method, type OutputOf } from '../../shared/contract';
import type { Assessment } from '../../shared/assessment';
import { AppError, invalidInput } from '../../shared/errors';
import { demoPeople, demoStory, type DemoStep } from '../services/demoStory';
import { assessmentHandlers } from './assessments';
import { actorOf, profileKey, profileOf, type HandlerContext } from './context';
import { modelHandlers } from './models';
import { monitoringHandlers } from './monitoring';
import { findingHandlers } from './findings';
import { peopleHandlers } from './people';
import { treatmentHandlers } from './treatments';
import type { TreatmentAction } from '../../shared/treatments';

const table = { ...modelHandlers, ...assessmentHandlers, ...monitoringHandlers, ...findingHandlers, ...peopleHandlers, ...treatmentHandlers };
type Story = keyof typeof table;

/** One call as the app makes it: the input checked against the contract, then the handler. */
const call = async <M extends Story & Method>(ctx: HandlerContext, method: M, input: unknown): Promise<OutputOf<M>> => {
  const parsed = contract[method].input.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error, `demo input for ${method}`);
  return await (table[method] as unknown as (c: HandlerContext, i: unknown) => Promise<OutputOf<M>>)(ctx, parsed.data);
};

/**
 * Writes the demo portfolio into an empty inventory by replaying its two-year story through the
 * handlers: each step by one of the demo's people, at its own date and desk, so the audit log,
 * the chain and as-of reports are those of real use. The person who asked keeps their profile.
 */
export const seedDemo = async (ctx: HandlerContext, opts: { models: number; seed: number }): Promise<number> =>
  await inTransaction(ctx.db, async () => {
    const existing = await countModels(ctx.db);
    if (existing > 0) throw new AppError('conflict', `The database already holds ${existing} models; seed-demo needs an empty inventory`);
    const asker = await actorOf(ctx);
    const kept = await profileOf(ctx);
    const story = demoStory(opts.models, opts.seed, await currentMatrix(ctx.db));
    const begin = new Date(Date.parse(story[0]?.at ?? ctx.now().toISOString()) - 86_400_000);

    // The demo's people, a day before the story starts (or the people already here by that name).
    const desks = new Map<string, { id: number; os: string }>();
    let firstLead: number | undefined;
    for (const p of demoPeople()) {
      const here = await personNamed(ctx.db, p.name);
      const person =
        here && here.role === p.role
          ? here
          : await call({ ...ctx, osUser: p.os, now: () => begin }, 'profile.create', { name: here ? `${p.name} (demo)` : p.name, role: p.role, ...(p.role === 'review_lead' && firstLead !== undefined ? { confirmedBy: firstLead } : {}) });
      if (p.role === 'review_lead') firstLead ??= person.id;
      desks.set(p.name, { id: person.id, os: p.os });
    }

    const open = new Map<string, Pick<Assessment, 'id' | 'updatedAt'>>();
    const findingsMade = new Map<string, { id: number; updatedAt: string }>();
    const actionsMade = new Map<string, TreatmentAction>();
    const step = async (s: DemoStep): Promise<void> => {
      const desk = desks.get(s.who);
      if (!desk) throw new AppError('internal', `demo step by an unknown person ${s.who}`);
      const as: HandlerContext = { ...ctx, actingAs: desk.id, osUser: desk.os, now: () => new Date(s.at) };
      const track = (key: string, a: Assessment): void => void open.set(key, { id: a.id, updatedAt: a.updatedAt });
      const tracked = (key: string): Pick<Assessment, 'id' | 'updatedAt'> => open.get(key) ?? (() => { throw new AppError('internal', `demo step on ${key} before it started`); })();
      switch (s.kind) {
        case 'create':
          return void (await call(as, 'models.create', s.model));
        case 'update':
          return void (await call(as, 'models.update', { ref: s.ref, expectedUpdatedAt: (await call(as, 'models.get', { ref: s.ref })).updatedAt, fields: s.fields }));
        case 'retire':
          return void (await call(as, 'models.retire', { ref: s.ref, reason: s.reason }));
        case 'start':
          return track(s.key, await call(as, 'assessments.start', { ref: s.ref }));
        case 'save':
          return track(s.key, await call(as, 'assessments.save', { id: tracked(s.key).id, expectedUpdatedAt: tracked(s.key).updatedAt, risks: s.risks }));
        case 'submit':
          return track(s.key, await call(as, 'assessments.submit', { id: tracked(s.key).id, expectedUpdatedAt: tracked(s.key).updatedAt, ...(s.unchangedReason ? { unchangedReason: s.unchangedReason } : {}) }));
        case 'decide':
          return track(s.key, await call(as, s.decision === 'approve' ? 'assessments.approve' : 'assessments.reject', { id: tracked(s.key).id, ...(s.comment ? { comment: s.comment } : {}), ...(s.acceptances ? { acceptances: s.acceptances } : {}) }));
        case 'action': {
          const a = await call(as, 'actions.create', s.action);
          return void actionsMade.set(s.key, a);
        }
        case 'progress': {
          const a = actionsMade.get(s.key);
          if (!a) throw new AppError('internal', `demo step on ${s.key} before it was planned`);
          return void actionsMade.set(s.key, await call(as, 'actions.update', { id: a.id, expectedUpdatedAt: a.updatedAt, title: a.title, owner: a.owner, dueDate: a.dueDate, status: s.to, ...(s.note ? { note: s.note } : {}) }));
        }
        case 'import':
          return void (await call(as, 'monitoring.ingest', { ref: s.ref, fileName: s.fileName, content: s.csv, format: 'generic-csv' }));
        case 'finding': {
          const f = await call(as, 'findings.create', s.finding);
          return void findingsMade.set(s.key, { id: f.id, updatedAt: f.updatedAt });
        }
        case 'remediate': {
          const made = findingsMade.get(s.key);
          if (!made) throw new AppError('internal', `demo step on ${s.key} before it was recorded`);
          const f = await call(as, 'findings.setRemediation', { id: made.id, expectedUpdatedAt: made.updatedAt, remediation: s.to, ...(s.justification ? { justification: s.justification } : {}) });
          return void findingsMade.set(s.key, { id: f.id, updatedAt: f.updatedAt });
        }
      }
    };
    for (const s of story) await step(s);

    // Whoever asked stays at the keyboard (creating the demo's people made each current in turn).
    if (kept) await putSetting(ctx.db, profileKey(ctx), { personId: kept.id }, ctx.now().toISOString());
    else await deleteSetting(ctx.db, profileKey(ctx));
    await appendAudit(ctx.db, {
      actor: asker,
      action: 'seed',
      entity: 'portfolio',
      entityId: 'demo',
      after: { models: opts.models, seed: opts.seed, people: desks.size, steps: story.length, from: story[0]?.at ?? null, to: story.at(-1)?.at ?? null, note: 'a synthetic portfolio: its people, their desks (DEMO accounts) and its two years of history are made up' },
      at: ctx.now(),
    });
    return opts.models;
  });
