import { z } from 'zod';
import { bandOf, score, worstBand, type Band, type MatrixDefinition } from './matrix';
import { sameName } from './people';

/** The four model risks, always in this order (PRODUCT.md). */
export const riskCategories = ['unavailability', 'bad_prediction', 'degradation', 'skills_loss'] as const;
export type RiskCategory = (typeof riskCategories)[number];
export const categoryLabels: Record<RiskCategory, string> = {
  unavailability: 'Unavailability',
  bad_prediction: 'Bad prediction',
  degradation: 'Degradation',
  skills_loss: 'Skills loss',
};
export const categoryQuestions: Record<RiskCategory, string> = {
  unavailability: 'The model is unavailable for a period of time.',
  bad_prediction: 'The model returns a bad prediction for a given sample.',
  degradation: "The model's accuracy or fairness decreases over time (drift).",
  skills_loss: 'The skills to maintain the model are lost.',
};

export const treatments = ['mitigate', 'accept', 'transfer', 'avoid'] as const;
export type Treatment = (typeof treatments)[number];
export const assessmentStatuses = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

const level = z.number({ message: 'choose a level' }).int('levels are whole numbers').min(1, 'levels start at 1').max(6, 'no matrix has more than 6 levels').nullable();

/** One category's scores as the assessor edits them; drafts may leave levels empty. */
export const riskInputSchema = z
  .object({
    category: z.enum(riskCategories),
    inherentProbability: level,
    inherentImpact: level,
    controls: z.string().max(4000, 'controls: at most 4000 characters'),
    residualProbability: level,
    residualImpact: level,
    treatment: z.enum(treatments, { message: 'treatment must be mitigate, accept, transfer or avoid' }).nullable(),
    rationale: z.string().max(4000, 'rationale: at most 4000 characters'),
  })
  .strict();
export type RiskInput = z.infer<typeof riskInputSchema>;

export const risksInputSchema = z
  .array(riskInputSchema)
  .length(4, 'an assessment scores exactly the four risks')
  .superRefine((rs, ctx) => {
    rs.forEach((r, i) => {
      if (r.category !== riskCategories[i]) ctx.addIssue({ code: 'custom', path: [i, 'category'], message: `risk ${i + 1} must be ${riskCategories[i]}` });
    });
  });

export type ScoredRisk = RiskInput & { inherentBand: Band | null; residualBand: Band | null; flags: string[] };

export const emptyRisks = (): RiskInput[] =>
  riskCategories.map((category) => ({
    category,
    inherentProbability: null,
    inherentImpact: null,
    controls: '',
    residualProbability: null,
    residualImpact: null,
    treatment: null,
    rationale: '',
  }));

/**
 * Residual risk cannot exceed inherent risk (controls do not add risk), and a residual below
 * inherent needs a named control to explain it. Flags are shown, not blocking (a submission with
 * flags asks for confirmation, naming them).
 */
export const inconsistencies = (r: RiskInput): string[] => {
  const { inherentProbability: ip, inherentImpact: ii, residualProbability: rp, residualImpact: ri } = r;
  if (ip === null || ii === null || rp === null || ri === null) return [];
  const flags: string[] = [];
  if (rp > ip || ri > ii) flags.push('residual is above inherent');
  // A risk whose residual is above inherent in one level is flagged for that alone: "below
  // inherent" describes a residual no level of which is above, so the two never show together.
  else if ((rp < ip || ri < ii) && r.controls.trim() === '') flags.push('residual is below inherent but no control is named');
  return flags;
};

const bandOrNull = (m: MatrixDefinition, p: number | null, i: number | null): Band | null => (p !== null && i !== null ? bandOf(m, p, i) : null);

export const scoreRisks = (risks: RiskInput[], matrix: MatrixDefinition): ScoredRisk[] =>
  risks.map((r) => ({
    ...r,
    inherentBand: bandOrNull(matrix, r.inherentProbability, r.inherentImpact),
    residualBand: bandOrNull(matrix, r.residualProbability, r.residualImpact),
    flags: inconsistencies(r),
  }));

/** The worst band over the four risks; null until every risk has one. */
export const overallBand = (risks: ScoredRisk[], which: 'inherentBand' | 'residualBand'): Band | null => {
  const bands = risks.map((r) => r[which]);
  return bands.every((b): b is Band => b !== null) ? (worstBand(bands) ?? null) : null;
};

/**
 * Where the assessment sits on the matrix: the cell of its worst risk (highest band, then highest
 * score, then highest impact), as `p:i`; null until every risk is scored. Drives the heat map.
 */
export const worstCell = (risks: ScoredRisk[], which: 'inherent' | 'residual'): string | null => {
  let best: { order: number; s: number; p: number; i: number } | null = null;
  for (const r of risks) {
    const p = which === 'inherent' ? r.inherentProbability : r.residualProbability;
    const i = which === 'inherent' ? r.inherentImpact : r.residualImpact;
    const band = which === 'inherent' ? r.inherentBand : r.residualBand;
    if (p === null || i === null || band === null) return null;
    const c = { order: band.order, s: p * i, p, i };
    if (!best || c.order > best.order || (c.order === best.order && (c.s > best.s || (c.s === best.s && c.i > best.i)))) best = c;
  }
  return best ? `${best.p}:${best.i}` : null;
};

/** What a submission needs, by field path, against the matrix the assessment uses. */
export const submissionProblems = (risks: RiskInput[], matrix: MatrixDefinition): { path: string; message: string }[] => {
  const problems: { path: string; message: string }[] = [];
  risks.forEach((r, i) => {
    const label = categoryLabels[r.category];
    const check = (field: keyof RiskInput, levels: number, what: string): void => {
      const v = r[field] as number | null;
      if (v === null) problems.push({ path: `risks.${i}.${field}`, message: `${label}: choose the ${what}` });
      else if (v > levels) problems.push({ path: `risks.${i}.${field}`, message: `${label}: ${what} ${v} is outside the ${levels}-level matrix` });
    };
    check('inherentProbability', matrix.probability.length, 'inherent probability');
    check('inherentImpact', matrix.impact.length, 'inherent impact');
    check('residualProbability', matrix.probability.length, 'residual probability');
    check('residualImpact', matrix.impact.length, 'residual impact');
    if (r.treatment === null) problems.push({ path: `risks.${i}.treatment`, message: `${label}: choose a treatment` });
    if (r.rationale.trim().length < 3) problems.push({ path: `risks.${i}.rationale`, message: `${label}: give a rationale` });
  });
  return problems;
};

export type RiskChange = { category: RiskCategory; field: string; from: string; to: string };

const FIELD_LABELS: Record<string, string> = {
  inherentProbability: 'inherent probability',
  inherentImpact: 'inherent impact',
  controls: 'controls',
  residualProbability: 'residual probability',
  residualImpact: 'residual impact',
  treatment: 'treatment',
  rationale: 'rationale',
};

/** Field-by-field changes between two versions, for the side-by-side diff. */
export const diffRisks = (a: RiskInput[], b: RiskInput[]): RiskChange[] =>
  riskCategories.flatMap((category) => {
    const x = a.find((r) => r.category === category);
    const y = b.find((r) => r.category === category);
    if (!x || !y) return [];
    return Object.keys(FIELD_LABELS)
      .filter((f) => x[f as keyof RiskInput] !== y[f as keyof RiskInput])
      .map((f) => ({ category, field: FIELD_LABELS[f]!, from: String(x[f as keyof RiskInput] ?? '—'), to: String(y[f as keyof RiskInput] ?? '—') }));
  });

export const riskScore = (p: number | null, i: number | null): number | null => (p !== null && i !== null ? score(p, i) : null);

/** Someone else who has an assessment open for editing (team database): their login, directory name, since when. */
export type Editor = { login: string; name: string; since: string };

export type Assessment = {
  id: number;
  modelRef: string;
  version: number;
  status: AssessmentStatus;
  matrixVersion: number;
  basedOn: number | null;
  createdBy: string;
  createdById: number | null;
  assessor: string | null;
  /** The submitter's profile id and operating-system account (null on submissions from before they were recorded). */
  assessorId: number | null;
  assessorOs: string | null;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedById: number | null;
  decidedOs: string | null;
  /** Decided under the submitter's OS account, as the "shared computer" policy allows: printed as such. */
  sharedComputer: boolean;
  decidedAt: string | null;
  decisionComment: string;
  /** Submitted unchanged from the version it copies: why (recorded with the submission). */
  unchangedReason: string;
  createdAt: string;
  updatedAt: string;
  risks: ScoredRisk[];
  overallInherent: Band | null;
  overallResidual: Band | null;
  inherentCell: string | null;
  residualCell: string | null;
  remapped: Remapped | null;
};

export type AssessmentSummary = Omit<Assessment, 'risks'>;

/** How a reassessment's copied levels were put on a matrix other than the one they were scored on. */
export type Remapped = { fromVersion: number; toVersion: number; rule: RemapRule; fields: string[] };
export const remapRules = ['scale', 'band'] as const;
export type RemapRule = (typeof remapRules)[number];

/**
 * Four-eyes: why this person, at this OS account, may not decide this submission, or null.
 * "Theirs" is the same profile (by id), the same name (by key: case, spacing, compatibility forms
 * and look-alike letters folded, for submissions from before people had ids), or the same
 * operating-system account: two profiles at one desk are one person unless the "shared computer"
 * policy is on (then the decision is allowed and marked). The handler enforces it; screens use it
 * to say so before anyone clicks.
 */
export const fourEyesConflict = (
  a: Pick<Assessment, 'assessor' | 'assessorId' | 'assessorOs'>,
  me: { id: number; name: string },
  os: string,
  sharedComputer: boolean,
): { reason: string; sharedComputer: false } | { reason: null; sharedComputer: boolean } => {
  const who = a.assessor ?? 'the submitter';
  if (a.assessorId !== null && a.assessorId === me.id) return { reason: `${who} submitted this assessment: another review lead must decide`, sharedComputer: false };
  if (sameName(a.assessor, me.name)) return { reason: `${who} submitted this assessment, and ${me.name} is the same name: another review lead must decide`, sharedComputer: false };
  if (a.assessorOs !== null && a.assessorOs === os) {
    if (!sharedComputer) {
      return {
        reason: `${who} submitted this assessment under the operating-system account "${os}", the one you are using: a decision needs another person at another account. If several people really share this computer, a review lead can switch on "shared computer" in the review policy; such decisions are then marked as made on a shared computer`,
        sharedComputer: false,
      };
    }
    return { reason: null, sharedComputer: true };
  }
  return { reason: null, sharedComputer: false };
};
