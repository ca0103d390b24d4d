import { z } from 'zod';
import { describeDiff, diffEnvironments, isEmptyDiff, parseEnvironmentText } from './environment';
import type { Band } from './matrix';
import { nameKey, sameName } from './people';

export const lifecycleStatuses = ['proposed', 'development', 'validation', 'production', 'retired'] as const;
export const exposures = ['internal', 'customer-facing', 'public'] as const;
export const usageVolumes = ['low', 'medium', 'high', 'very-high'] as const;
export const aiActClasses = ['minimal', 'limited', 'high', 'prohibited'] as const;
export const sourcings = ['in-house', 'vendor'] as const;

export type LifecycleStatus = (typeof lifecycleStatuses)[number];
export type Exposure = (typeof exposures)[number];
export type UsageVolume = (typeof usageVolumes)[number];
export type AiActClass = (typeof aiActClasses)[number];
export type Sourcing = (typeof sourcings)[number];

/** `MDL-0042`: two to ten capitals or digits, a hyphen, one to six digits. */
export const MODEL_REF_PATTERN = /^[A-Z][A-Z0-9]{1,9}-\d{1,6}$/;
export const modelRefSchema = z
  .string()
  .trim()
  .regex(MODEL_REF_PATTERN, 'reference must look like MDL-0042 (capitals, a hyphen, digits)');

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const required = (label: string, max: number) => text(max).min(1, `${label} is required`);
const person = (label: string) =>
  text(120).min(1, `${label} is required`).regex(/^[^\n\r\t]*$/, `${label} must be a single line`);

/** `framework -> version`, e.g. `{ "python": "3.11", "scikit-learn": "1.4.2" }`. */
export const environmentSchema = z
  .record(
    z.string().trim().min(1, 'package name is required').max(80).regex(/^[A-Za-z0-9_.@/+-]+$/, 'package names use letters, digits and . _ - @ / +'),
    z.string().trim().min(1, 'version is required').max(40),
  )
  .refine((env) => Object.keys(env).length <= 50, 'at most 50 packages');
export type Environment = z.infer<typeof environmentSchema>;

const list = (label: string, maxItems: number, maxLen: number) =>
  z
    .array(text(maxLen).min(1, `${label} entries cannot be empty`))
    .max(maxItems, `at most ${maxItems} ${label}`)
    .refine((xs) => new Set(xs.map(nameKey)).size === xs.length, `${label} must not repeat`);

const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'documentation link must be an http(s) URL or empty');

/** The editable inventory fields; dates and retirement are set by the app. */
export const modelFieldsSchema = z
  .object({
    ref: modelRefSchema,
    name: required('name', 120),
    version: required('version', 40),
    description: text(4000),
    purpose: required('purpose', 2000),
    intendedUse: text(2000),
    restrictions: text(2000),
    businessUnit: required('business unit', 80),
    owner: person('owner'),
    developers: list('developers', 20, 120).min(1, 'name at least one developer'),
    validator: text(120),
    status: z.enum(lifecycleStatuses.filter((s) => s !== 'retired') as [Exclude<LifecycleStatus, 'retired'>, ...Exclude<LifecycleStatus, 'retired'>[]], {
      message: 'status must be proposed, development, validation or production (retire a model with Retire)',
    }),
    tier: z.union([z.literal(1), z.literal(2), z.literal(3)], { message: 'materiality tier must be 1, 2 or 3' }),
    exposure: z.enum(exposures, { message: 'exposure must be internal, customer-facing or public' }),
    usageVolume: z.enum(usageVolumes, { message: 'usage volume must be low, medium, high or very-high' }),
    sourcing: z.enum(sourcings, { message: 'sourcing must be in-house or vendor' }),
    vendorName: text(120),
    dataSources: list('data sources', 30, 200),
    validatedEnv: environmentSchema,
    productionEnv: environmentSchema,
    aiActClass: z.enum(aiActClasses, { message: 'EU AI Act class must be minimal, limited, high or prohibited' }),
    maintainers: z.number({ message: 'maintainers must be a number' }).int('maintainers must be a whole number').min(0).max(1000),
    documentationUrl: httpUrl,
    tags: list('tags', 20, 40).refine((ts) => ts.every((t) => /^[a-z0-9][a-z0-9-]*$/.test(t)), 'tags use lower-case letters, digits and hyphens'),
  })
  .strict();

const crossFieldRules = <T extends z.infer<typeof modelFieldsSchema>>(m: T, ctx: z.RefinementCtx): void => {
  const validator = m.validator.trim();
  // Compared as names are (NFKC, case, spacing, look-alike letters): "Ben Okafor" and "ben  okafor" are one person.
  if (validator && m.developers.some((d) => sameName(d, validator))) {
    ctx.addIssue({ code: 'custom', path: ['validator'], message: 'validator must differ from the developers' });
  }
  if (m.sourcing === 'vendor' && !m.vendorName.trim()) {
    ctx.addIssue({ code: 'custom', path: ['vendorName'], message: 'vendor name is required for a vendor model' });
  }
  if ((m.status === 'validation' || m.status === 'production') && !validator) {
    ctx.addIssue({ code: 'custom', path: ['validator'], message: `a model in ${m.status} needs a validator` });
  }
};

export const modelInputSchema = modelFieldsSchema.superRefine(crossFieldRules);
export type ModelInput = z.infer<typeof modelFieldsSchema>;

export const envStatuses = ['matches', 'drift', 'not-deployed'] as const;
export type EnvStatus = (typeof envStatuses)[number];

export type Model = Omit<ModelInput, 'status'> & {
  id: number;
  status: LifecycleStatus;
  /** Derived at every write from the two environments; stored so the inventory can list it cheaply. */
  envStatus: EnvStatus;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
  retirementReason: string;
};

/** The fields a blank form starts from. */
export const emptyModelInput = (): ModelInput => ({
  ref: '',
  name: '',
  version: '1.0.0',
  description: '',
  purpose: '',
  intendedUse: '',
  restrictions: '',
  businessUnit: '',
  owner: '',
  developers: [],
  validator: '',
  status: 'proposed',
  tier: 2,
  exposure: 'internal',
  usageVolume: 'medium',
  sourcing: 'in-house',
  vendorName: '',
  dataSources: [],
  validatedEnv: {},
  productionEnv: {},
  aiActClass: 'minimal',
  maintainers: 1,
  documentationUrl: '',
  tags: [],
});

export const modelInputOf = (m: Model): ModelInput => {
  const { id: _id, createdAt: _c, updatedAt: _u, retiredAt: _r, retirementReason: _rr, envStatus: _e, status, ...rest } = m;
  return { ...rest, status: status === 'retired' ? 'production' : status };
};

/** Production must run what was validated: any added, removed or changed package is drift. */
export const environmentStatus = (validated: Environment, production: Environment): EnvStatus =>
  Object.keys(production).length === 0 ? 'not-deployed' : isEmptyDiff(diffEnvironments(validated, production)) ? 'matches' : 'drift';

/** One line per difference between the validated and the production environment. */
export const environmentDrift = (validated: Environment, production: Environment): string[] =>
  Object.keys(production).length === 0 ? [] : describeDiff(diffEnvironments(validated, production));

/** The inventory table's row: what it shows, sorts and searches; the detail view loads the whole model. */
export const listFields = [
  'ref', 'name', 'version', 'status', 'tier', 'businessUnit', 'owner', 'validator', 'developers', 'exposure',
  'usageVolume', 'aiActClass', 'sourcing', 'vendorName', 'maintainers', 'tags', 'envStatus', 'createdAt', 'updatedAt', 'retiredAt',
] as const satisfies readonly (keyof Model)[];
/** `rating`: the worst residual band of the current approved assessment; null = unassessed. */
export type ModelListRow = Pick<Model, (typeof listFields)[number]> & { rating: Band | null } & Partial<Omit<ModelOverview, 'ref'>>;

/** What the inventory adds to each row once read (models.overview): the next review, open findings and work in progress. */
export type ModelOverview = { ref: string; nextReview: string | null; reviewStatus: string; openFindings: number; work: 'draft' | 'submitted' | 'rejected' | null };

export const toListRow = (m: Model, rating: Band | null): ModelListRow =>
  ({ ...Object.fromEntries(listFields.map((k) => [k, m[k]])), rating }) as ModelListRow;

/** Parses `name=version, name2=version2` as the form writes it, and pip freeze / conda lists. */
export const parseEnvironment = (textValue: string): Environment => parseEnvironmentText(textValue);

export const formatEnvironment = (env: Environment): string =>
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

export const parseList = (textValue: string): string[] =>
  textValue
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
