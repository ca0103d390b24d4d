import { issuesFromZod } from '../../../../shared/errors';
import {
  emptyModelInput,
  formatEnvironment,
  modelInputOf,
  modelInputSchema,
  parseEnvironment,
  parseList,
  type Model,
  type ModelInput,
} from '../../../../shared/model';

/** What the form edits: every field as the text the user typed. */
export type FormState = { [K in keyof ModelInput]: string };
export type FormErrors = Partial<Record<keyof ModelInput, string>>;

export const toFormState = (m: ModelInput): FormState => ({
  ...m,
  tier: String(m.tier),
  maintainers: String(m.maintainers),
  developers: m.developers.join(', '),
  dataSources: m.dataSources.join(', '),
  tags: m.tags.join(', '),
  validatedEnv: formatEnvironment(m.validatedEnv),
  productionEnv: formatEnvironment(m.productionEnv),
});

export const blankFormState = (ref: string): FormState => toFormState({ ...emptyModelInput(), ref });

export const formStateOf = (m: Model): FormState =>
  toFormState(modelInputOf(m));

/** Builds the input the contract expects; the schema itself then says what is wrong. */
export const fromFormState = (f: FormState): unknown => ({
  ...f,
  tier: Number(f.tier),
  maintainers: f.maintainers.trim() === '' ? Number.NaN : Number(f.maintainers),
  developers: parseList(f.developers),
  dataSources: parseList(f.dataSources),
  tags: parseList(f.tags),
  validatedEnv: parseEnvironment(f.validatedEnv),
  productionEnv: parseEnvironment(f.productionEnv),
});

/** Maps issue paths (`validatedEnv.python`, `fields.validator`) onto the field that shows them; first message wins. */
export const errorsByField = (issues: { path: string; message: string }[]): FormErrors => {
  const out: FormErrors = {};
  for (const i of issues) {
    const key = i.path.replace(/^fields\./, '').split('.')[0] as keyof ModelInput;
    const message = i.path.includes('Env.') ? `${i.path.split('.').slice(-1)[0]}: ${i.message}` : i.message;
    out[key] ??= message;
  }
  return out;
};

export const validateForm = (f: FormState): { ok: true; value: ModelInput } | { ok: false; errors: FormErrors } => {
  const parsed = modelInputSchema.safeParse(fromFormState(f));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: errorsByField(issuesFromZod(parsed.error)) };
};
