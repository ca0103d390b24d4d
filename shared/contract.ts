import { z } from 'zod';
import type { AppErrorData } from './errors';
import type { RiskMatrix } from './matrix';
import { modelInputSchema, modelRefSchema, type Model, type ModelListRow } from './model';
import { profileSchema, type Profile } from './profile';

/**
 * The one API contract. Each method: its zod input schema and (as a phantom) its output type.
 * The handler table `satisfies Handlers`, every host validates with these schemas, and the
 * renderer client derives its types from here.
 */
const method =
  <Output>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });

const none = z.object({}).strict();

export type AppInfo = {
  version: string;
  schemaVersion: number;
  dbPath: string;
  profile: Profile | null;
  modelCount: number;
  /** True until the user picked an empty portfolio or the demo one. */
  firstRun: boolean;
};

export const maxDemoModels = 20_000;

export const contract = {
  'app.info': method<AppInfo>()(none),
  'profile.save': method<Profile>()(profileSchema),
  'portfolio.start': method<{ created: number }>()(
    z
      .object({
        choice: z.enum(['empty', 'demo'], { message: 'choice must be empty or demo' }),
        models: z.number().int().min(1).max(maxDemoModels).optional(),
      })
      .strict(),
  ),
  'matrix.current': method<RiskMatrix>()(none),
  'models.list': method<ModelListRow[]>()(
    z.object({ includeRetired: z.boolean().optional() }).strict(),
  ),
  'models.get': method<Model>()(z.object({ ref: modelRefSchema }).strict()),
  'models.nextRef': method<{ ref: string }>()(none),
  'models.create': method<Model>()(modelInputSchema),
  'models.update': method<Model>()(
    z
      .object({
        ref: modelRefSchema,
        /** Optimistic lock: the update is refused if the model changed since this stamp. */
        expectedUpdatedAt: z.string().min(1),
        fields: modelInputSchema,
      })
      .strict(),
  ),
  'models.retire': method<Model>()(
    z
      .object({
        ref: modelRefSchema,
        reason: z.string().trim().min(3, 'say why the model is retired (at least 3 characters)').max(500),
      })
      .strict(),
  ),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type InputOf<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends Method> = z.output<Contract[M]['input']>;
export type OutputOf<M extends Method> = Contract[M]['output'];

export const isMethod = (name: unknown): name is Method =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** Host → renderer events: progress of long work, and commands from native menus. */
export type HostEvent =
  | { kind: 'progress'; task: string; done: number; total: number; label?: string }
  | { kind: 'command'; command: AppCommand };

export const appCommands = ['new-model', 'focus-search', 'go-inventory', 'go-settings', 'toggle-theme'] as const;
export type AppCommand = (typeof appCommands)[number];
