import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/client';
import { listModels, ratingsByRef } from '../../db/queries/models';
import { riskCategories, type Assessment } from '../../shared/assessment';
import { toCsv, unneutralise } from '../../shared/csv';
import { formatEnvironment, modelInputSchema, parseEnvironment, parseList, type ModelInput } from '../../shared/model';
import { describeUnsafe, findUnsafeText } from '../../shared/text';

/** The inventory register's columns, in file order; the import reads the same names. */
export const INVENTORY_COLUMNS = [
  'ref', 'name', 'version', 'status', 'tier', 'business_unit', 'owner', 'developers', 'validator', 'exposure', 'usage_volume',
  'ai_act_class', 'sourcing', 'vendor_name', 'maintainers', 'purpose', 'intended_use', 'restrictions', 'description',
  'data_sources', 'validated_env', 'production_env', 'documentation_url', 'tags', 'rating', 'created_at', 'updated_at', 'retired_at',
] as const;

/** Columns the import needs; the rest are optional or ignored (rating and dates are the app's). */
const REQUIRED = ['ref', 'name', 'version', 'status', 'business_unit', 'owner', 'developers', 'purpose'] as const;

export const inventoryCsv = async (db: Db): Promise<string> => {
  const ratings = await ratingsByRef(db);
  return toCsv(
    INVENTORY_COLUMNS,
    (await listModels(db)).map((m) => [
      m.ref, m.name, m.version, m.status, m.tier, m.businessUnit, m.owner, m.developers.join(', '), m.validator, m.exposure, m.usageVolume,
      m.aiActClass, m.sourcing, m.vendorName, m.maintainers, m.purpose, m.intendedUse, m.restrictions, m.description,
      m.dataSources.join(', '), formatEnvironment(m.validatedEnv), formatEnvironment(m.productionEnv), m.documentationUrl, m.tags.join(', '),
      ratings.get(m.ref)?.name ?? 'unassessed', m.createdAt, m.updatedAt, m.retiredAt,
    ]),
  );
};

export const ASSESSMENT_COLUMNS = [
  'model_ref', 'version', 'status', 'matrix_version', 'assessor', 'submitted_at', 'decided_by', 'decided_at', 'decision_comment',
  'category', 'inherent_probability', 'inherent_impact', 'inherent_band', 'controls', 'residual_probability', 'residual_impact',
  'residual_band', 'treatment', 'rationale', 'flags', 'overall_residual',
] as const;

/** Every assessment of every model, one row per risk category. */
export const assessmentsCsv = (all: Iterable<Assessment>): string => {
  const rows: unknown[][] = [];
  for (const a of all) {
    for (const category of riskCategories) {
      const r = a.risks.find((x) => x.category === category);
      rows.push([
        a.modelRef, a.version, a.status, a.matrixVersion, a.assessor, a.submittedAt, a.decidedBy, a.decidedAt, a.decisionComment,
        category, r?.inherentProbability, r?.inherentImpact, r?.inherentBand?.name, r?.controls, r?.residualProbability, r?.residualImpact,
        r?.residualBand?.name, r?.treatment, r?.rationale, r?.flags.join('; '), a.overallResidual?.name,
      ]);
    }
  }
  return toCsv(ASSESSMENT_COLUMNS, rows);
};

export type ImportPreview = { models: ModelInput[]; errors: { line: number; message: string }[]; rows: number };

/**
 * Reads an inventory CSV and checks every row with the same rules as the form. Errors name the
 * file line and the column; the caller writes nothing unless there are none.
 */
export const readInventoryCsv = (text: string, existingRefs: ReadonlySet<string>): ImportPreview => {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, info: true, relax_column_count: false, trim: false }) as never;
  } catch (e) {
    return { models: [], rows: 0, errors: [{ line: (e as { lines?: number }).lines ?? 1, message: `not a readable CSV: ${(e as Error).message}` }] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (records.length > 0 && missing.length > 0) return { models: [], rows: records.length, errors: [{ line: 1, message: `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` }] };
  if (records.length === 0) return { models: [], rows: 0, errors: [{ line: 1, message: 'the file has no model rows' }] };

  const errors: ImportPreview['errors'] = [];
  const models: ModelInput[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const get = (c: string): string => unneutralise(record[c] ?? '').trim();
    const input = {
      ref: get('ref'), name: get('name'), version: get('version'), status: get('status'), tier: Number(get('tier') || '2'),
      businessUnit: get('business_unit'), owner: get('owner'), developers: parseList(get('developers')), validator: get('validator'),
      exposure: get('exposure') || 'internal', usageVolume: get('usage_volume') || 'medium', aiActClass: get('ai_act_class') || 'minimal',
      sourcing: get('sourcing') || 'in-house', vendorName: get('vendor_name'), maintainers: get('maintainers') === '' ? 1 : Number(get('maintainers')),
      purpose: get('purpose'), intendedUse: get('intended_use'), restrictions: get('restrictions'), description: get('description'),
      dataSources: parseList(get('data_sources')), validatedEnv: parseEnvironment(get('validated_env')), productionEnv: parseEnvironment(get('production_env')),
      documentationUrl: get('documentation_url'), tags: parseList(get('tags')),
    };
    const unsafe = findUnsafeText(input);
    if (unsafe) {
      errors.push({ line, message: `${unsafe.path.split('.')[0]!.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}: ${describeUnsafe(unsafe.problem)}` });
      continue;
    }
    const parsed = modelInputSchema.safeParse(input);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      const column = String(first.path[0] ?? '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      errors.push({ line, message: `${column ? `${column}: ` : ''}${first.message}` });
      continue;
    }
    const ref = parsed.data.ref;
    if (existingRefs.has(ref)) errors.push({ line, message: `ref: ${ref} is already in the inventory` });
    else if (seen.has(ref)) errors.push({ line, message: `ref: ${ref} repeats line ${seen.get(ref)}` });
    else {
      seen.set(ref, line);
      models.push(parsed.data);
    }
  }
  return { models, errors, rows: records.length };
};
