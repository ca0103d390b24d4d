import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Assessment, AssessmentSummary } from '../../shared/assessment';
import type { RiskMatrix } from '../../shared/matrix';
import { prepared, type Db } from '../client';
import { assessments, models, riskMatrices } from '../schema';

type Row = typeof assessments.$inferSelect;

const toAssessment = (r: Row, modelRef: string): Assessment => {
  const { modelId: _m, risks, overallInherent, overallResidual, inherentCell, residualCell, ...rest } = r;
  return {
    ...rest,
    modelRef,
    risks,
    overallInherent: overallInherent ?? null,
    overallResidual: overallResidual ?? null,
    inherentCell: inherentCell ?? null,
    residualCell: residualCell ?? null,
  };
};

const withRef = { a: assessments, ref: models.ref };

export const getAssessment = async (db: Db, id: number): Promise<Assessment | undefined> => {
  const r = await prepared(db, 'assessment.byId', () => db.select(withRef).from(assessments).innerJoin(models, eq(models.id, assessments.modelId)).where(eq(assessments.id, sql.placeholder('id'))).prepare()).get({ id });
  return r ? toAssessment(r.a, r.ref) : undefined;
};

/** Every version of a model's assessments, newest first. */
export const listAssessments = async (db: Db, modelId: number): Promise<AssessmentSummary[]> =>
  (await db.select(withRef).from(assessments).innerJoin(models, eq(models.id, assessments.modelId)).where(eq(assessments.modelId, modelId)).orderBy(desc(assessments.version)).all()).map((r) => {
      const { risks: _r, ...summary } = toAssessment(r.a, r.ref);
      return summary;
    });

/** The assessment still being worked on (draft, submitted or rejected), if any. */
export const openAssessment = (db: Db, modelId: number): Promise<Row | undefined> =>
  prepared(db, 'assessment.open', () =>
    db
      .select()
      .from(assessments)
      .where(and(eq(assessments.modelId, sql.placeholder('modelId')), inArray(assessments.status, ['draft', 'submitted', 'rejected'])))
      .prepare(),
  ).get({ modelId });

export const latestApproved = (db: Db, modelId: number): Promise<Row | undefined> =>
  prepared(db, 'assessment.latestApproved', () =>
    db
      .select()
      .from(assessments)
      .where(and(eq(assessments.modelId, sql.placeholder('modelId')), eq(assessments.status, 'approved')))
      .orderBy(desc(assessments.version))
      .limit(1)
      .prepare(),
  ).get({ modelId });

export const nextVersion = async (db: Db, modelId: number): Promise<number> =>
  ((await prepared(db, 'assessment.maxVersion', () => db.select({ v: max(assessments.version) }).from(assessments).where(eq(assessments.modelId, sql.placeholder('modelId'))).prepare()).get({ modelId }))?.v ?? 0) + 1;

export const insertAssessment = (db: Db, values: typeof assessments.$inferInsert): Promise<Row> => db.insert(assessments).values(values).returning().get();

export const insertAssessments = async (db: Db, values: (typeof assessments.$inferInsert)[]): Promise<void> => {
  for (let i = 0; i < values.length; i += 200) await db.insert(assessments).values(values.slice(i, i + 200)).run();
};

export const updateAssessment = async (db: Db, id: number, values: Partial<typeof assessments.$inferInsert>): Promise<Row> => {
  const r = await db.update(assessments).set(values).where(eq(assessments.id, id)).returning().get();
  if (!r) throw new Error(`updateAssessment: no assessment ${id}`);
  return r;
};

export const getMatrix = (db: Db, version: number): Promise<RiskMatrix | undefined> =>
  prepared(db, 'matrix.byVersion', () => db.select().from(riskMatrices).where(eq(riskMatrices.version, sql.placeholder('version'))).prepare()).get({ version });

export const maxAssessmentId = async (db: Db): Promise<number> => (await db.select({ v: max(assessments.id) }).from(assessments).get())?.v ?? 0;

/** Every assessment, by model reference then version, for the register export. */
export const allAssessments = async (db: Db): Promise<Assessment[]> =>
  (await db.select(withRef).from(assessments).innerJoin(models, eq(models.id, assessments.modelId)).orderBy(models.ref, assessments.version).all()).map((r) => toAssessment(r.a, r.ref));
