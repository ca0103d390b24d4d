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

export const getAssessment = (db: Db, id: number): Assessment | undefined => {
  const r = prepared(db, 'assessment.byId', () => db.select(withRef).from(assessments).innerJoin(models, eq(models.id, assessments.modelId)).where(eq(assessments.id, sql.placeholder('id'))).prepare()).get({ id });
  return r ? toAssessment(r.a, r.ref) : undefined;
};

/** Every version of a model's assessments, newest first. */
export const listAssessments = (db: Db, modelId: number): AssessmentSummary[] =>
  db
    .select(withRef)
    .from(assessments)
    .innerJoin(models, eq(models.id, assessments.modelId))
    .where(eq(assessments.modelId, modelId))
    .orderBy(desc(assessments.version))
    .all()
    .map((r) => {
      const { risks: _r, ...summary } = toAssessment(r.a, r.ref);
      return summary;
    });

/** The assessment still being worked on (draft, submitted or rejected), if any. */
export const openAssessment = (db: Db, modelId: number): Row | undefined =>
  prepared(db, 'assessment.open', () =>
    db
      .select()
      .from(assessments)
      .where(and(eq(assessments.modelId, sql.placeholder('modelId')), inArray(assessments.status, ['draft', 'submitted', 'rejected'])))
      .prepare(),
  ).get({ modelId });

export const latestApproved = (db: Db, modelId: number): Row | undefined =>
  prepared(db, 'assessment.latestApproved', () =>
    db
      .select()
      .from(assessments)
      .where(and(eq(assessments.modelId, sql.placeholder('modelId')), eq(assessments.status, 'approved')))
      .orderBy(desc(assessments.version))
      .limit(1)
      .prepare(),
  ).get({ modelId });

export const nextVersion = (db: Db, modelId: number): number =>
  (prepared(db, 'assessment.maxVersion', () => db.select({ v: max(assessments.version) }).from(assessments).where(eq(assessments.modelId, sql.placeholder('modelId'))).prepare()).get({ modelId })?.v ?? 0) + 1;

export const insertAssessment = (db: Db, values: typeof assessments.$inferInsert): Row => db.insert(assessments).values(values).returning().get();

export const insertAssessments = (db: Db, values: (typeof assessments.$inferInsert)[]): void => {
  for (let i = 0; i < values.length; i += 200) db.insert(assessments).values(values.slice(i, i + 200)).run();
};

export const updateAssessment = (db: Db, id: number, values: Partial<typeof assessments.$inferInsert>): Row => {
  const r = db.update(assessments).set(values).where(eq(assessments.id, id)).returning().get();
  if (!r) throw new Error(`updateAssessment: no assessment ${id}`);
  return r;
};

export const getMatrix = (db: Db, version: number): RiskMatrix | undefined =>
  prepared(db, 'matrix.byVersion', () => db.select().from(riskMatrices).where(eq(riskMatrices.version, sql.placeholder('version'))).prepare()).get({ version });

export const maxAssessmentId = (db: Db): number => db.select({ v: max(assessments.id) }).from(assessments).get()?.v ?? 0;

/** Every assessment, by model reference then version, for the register export. */
export const allAssessments = (db: Db): Assessment[] =>
  db
    .select(withRef)
    .from(assessments)
    .innerJoin(models, eq(models.id, assessments.modelId))
    .orderBy(models.ref, assessments.version)
    .all()
    .map((r) => toAssessment(r.a, r.ref));
