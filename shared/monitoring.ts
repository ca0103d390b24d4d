import { z } from 'zod';
import type { RiskCategory } from './assessment';

export const monitoringFormats = ['evidently', 'nannyml', 'prometheus', 'grafana-csv', 'mlflow-run', 'mlflow-csv', 'mlflow-ui-csv', 'sagemaker', 'whylogs', 'deepchecks', 'generic-csv', 'mapped-csv'] as const;

/** What each format is, as the format chooser shows it. */
export const formatLabels: Record<MonitoringFormat, string> = {
  evidently: 'Evidently report (JSON, 0.4 to 0.7)',
  nannyml: 'NannyML result table (CSV)',
  prometheus: 'Prometheus query answer (JSON)',
  'grafana-csv': 'Grafana panel CSV (incl. Download for Excel)',
  'mlflow-run': 'MLflow run (mlflow-export-import run.json)',
  'mlflow-csv': 'MLflow `mlflow experiments csv`',
  'mlflow-ui-csv': "MLflow UI runs table (Download CSV)",
  sagemaker: 'SageMaker Model Monitor (constraint_violations.json, statistics.json)',
  whylogs: 'whylogs profile summary (to_pandas as CSV or JSON)',
  deepchecks: 'Deepchecks suite result (JSON)',
  'generic-csv': 'Generic CSV (timestamp, metric, value)',
  'mapped-csv': 'Any CSV, by mapping its columns',
};
export type MonitoringFormat = (typeof monitoringFormats)[number];

/** One observation from a monitoring export, normalised across tools. */
export type MetricPoint = {
  ts: string;
  metric: string;
  feature: string | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  alert: boolean | null;
  /**
   * A non-finite observation (`+Inf`, `-Inf`): value is null and this says which. Rules take +∞
   * as a breach of an upper bound and −∞ of a lower one; charts mark it at the edge, reports print ∞.
   */
  special?: 'inf' | '-inf' | null;
  /** NannyML's reference period: kept and drawn, never a finding. */
  reference?: boolean;
};

export type Rule = {
  id: string;
  label: string;
  /** Regular expression on the metric name (case-insensitive). */
  metric: string;
  condition: 'above' | 'below' | 'outside-thresholds' | 'alert';
  threshold: number | null;
  categories: RiskCategory[];
  /** The probability level the finding suggests to the assessor (on a 5-level scale). */
  probability: number;
};

export const rulesSchema = z
  .array(
    z
      .object({
        id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'rule ids use lower-case letters, digits and hyphens'),
        label: z.string().trim().min(3).max(200),
        metric: z.string().min(1).max(200).refine((re) => {
          try {
            new RegExp(re, 'i');
            return true;
          } catch {
            return false;
          }
        }, 'metric must be a valid regular expression'),
        condition: z.enum(['above', 'below', 'outside-thresholds', 'alert']),
        threshold: z.number().finite().nullable(),
        categories: z.array(z.enum(['unavailability', 'bad_prediction', 'degradation', 'skills_loss'])).min(1, 'a rule maps to at least one risk'),
        probability: z.number().int().min(1).max(6),
      })
      .strict()
      .refine((r) => (r.condition === 'above' || r.condition === 'below' ? r.threshold !== null : true), { message: 'above and below rules need a threshold', path: ['threshold'] }),
  )
  .max(100)
  .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, 'rule ids must be unique');

/** PRODUCT.md's examples as defaults: drift share, quality below its lower threshold, uptime and error rate. */
export const defaultRules = (): Rule[] => [
  { id: 'drift-share', label: 'Share of drifted columns ≥ 0.3', metric: '^(drifted_columns_share|share_of_drifted_columns)$', condition: 'above', threshold: 0.3, categories: ['degradation'], probability: 4 },
  { id: 'feature-drift', label: 'Feature drift alert', metric: '^(drift:|kolmogorov|jensen|wasserstein|psi|chi2|hellinger|l_infinity)', condition: 'alert', threshold: null, categories: ['degradation'], probability: 3 },
  { id: 'quality-low', label: 'Accuracy, ROC AUC, F1, precision or recall outside their thresholds', metric: '^(accuracy|roc_auc|auc|f1|precision|recall)$', condition: 'outside-thresholds', threshold: null, categories: ['degradation', 'bad_prediction'], probability: 4 },
  { id: 'uptime-low', label: 'Uptime below 99.5 %', metric: '^(up|uptime|availability)$', condition: 'below', threshold: 0.995, categories: ['unavailability'], probability: 3 },
  { id: 'error-rate-high', label: 'Error rate above 1 %', metric: '^(error_rate|errors_ratio)$', condition: 'above', threshold: 0.01, categories: ['unavailability'], probability: 3 },
];

/** Data whose latest value is older than this (days, by default) is history, not a current finding. */
export const DEFAULT_STALE_DAYS = 90;

/** Whether an export's latest value is too old to raise findings as if it were current. */
export const staleness = (timeTo: string | null, now: Date, limitDays: number): { latest: string; days: number; limitDays: number } | null => {
  if (!timeTo) return null;
  const days = Math.floor((now.getTime() - Date.parse(timeTo)) / 86_400_000);
  return days > limitDays ? { latest: timeTo, days, limitDays } : null;
};

export const staleNote = (s: { latest: string; days: number; limitDays: number }): string =>
  `stale data: the latest value is from ${s.latest.slice(0, 10)}, ${s.days} days ago (more than ${s.limitDays}); imported as history, no findings`;

export const findingStatuses = ['open', 'acknowledged', 'linked'] as const;
export type FindingStatus = (typeof findingStatuses)[number];

export type Finding = {
  id: number;
  modelRef: string;
  category: RiskCategory;
  ruleId: string;
  label: string;
  metric: string;
  feature: string | null;
  severity: 'low' | 'medium' | 'high';
  probability: number;
  windowFrom: string;
  windowTo: string;
  worstValue: number | null;
  breaches: number;
  status: FindingStatus;
  /** The import that raised it; null for a finding entered by hand. */
  importId: number | null;
  fileName: string | null;
  createdAt: string;
  /** The findings register (shared/findings.ts): where it came from and its remediation. */
  kind: FindingKind;
  description: string;
  owner: string;
  dueDate: string | null;
  actionPlan: string;
  remediation: Remediation;
  closedAt: string | null;
  closedBy: string | null;
  closure: string;
  evidence: EvidenceFile[];
  updatedAt: string;
};
export const findingKinds = ['monitoring', 'validation', 'limitation', 'incident'] as const;
export type FindingKind = (typeof findingKinds)[number];
export const remediations = ['open', 'in_remediation', 'closed'] as const;
export type Remediation = (typeof remediations)[number];
export type EvidenceFile = { name: string; bytes: number; sha256: string };

/**
 * How to read a CSV no importer knows: which column is the time, and either a metric/value pair
 * of columns (long) or a list of value columns, each its own metric (wide).
 */
export const columnMappingSchema = z
  .object({
    /** The time column, or null for a table without one (a Grafana table panel): then fixedTime. */
    timestamp: z.string().min(1, 'choose the time column').nullable(),
    fixedTime: z.string().datetime({ offset: true, message: 'the time must be a date and time, such as 2026-11-30T00:00:00Z' }).nullable().optional(),
    metric: z.string().nullable(),
    value: z.string().nullable(),
    valueColumns: z.array(z.string()).max(200),
    feature: z.string().nullable(),
    lower: z.string().nullable(),
    upper: z.string().nullable(),
    alert: z.string().nullable(),
  })
  .strict()
  .refine((m) => (m.metric !== null && m.value !== null) || m.valueColumns.length > 0, { message: 'choose a metric and a value column, or value columns', path: ['value'] })
  .refine((m) => m.timestamp !== null || !!m.fixedTime, { message: 'choose the time column, or give the time the values were measured', path: ['fixedTime'] });
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** A CSV "source" is its set of columns: the same export tool writes the same header. */
export const headerSignature = (columns: string[]): string => columns.map((c) => c.trim().toLowerCase()).sort().join('|');

export const ingestInputSchema = z
  .object({
    ref: z.string().min(1),
    fileName: z.string().trim().min(1).max(260),
    content: z.string().max(50_000_000, 'the file is larger than 50 MB; use the command line (mrd ingest) for large files'),
    format: z.enum(monitoringFormats).optional(),
    mapping: columnMappingSchema.optional(),
  })
  .strict();

export type FindingDraft = Omit<Finding, 'id' | 'modelRef' | 'status' | 'importId' | 'fileName' | 'createdAt' | 'kind' | 'description' | 'owner' | 'dueDate' | 'actionPlan' | 'remediation' | 'closedAt' | 'closedBy' | 'closure' | 'evidence' | 'updatedAt'>;

/** Whether a point breaches a rule (its time plays no part). */
const breaches = (rule: Rule, p: Omit<MetricPoint, 'ts'>): boolean => {
  if (p.reference) return false;
  if (p.special) {
    switch (rule.condition) {
      case 'above':
        return p.special === 'inf';
      case 'below':
        return p.special === '-inf';
      case 'outside-thresholds':
        return p.alert === true || (p.special === 'inf' ? p.upper !== null : p.lower !== null);
      case 'alert':
        return p.alert === true;
    }
  }
  if (p.value === null && rule.condition !== 'alert') return false;
  switch (rule.condition) {
    case 'above':
      return p.value! >= (rule.threshold ?? Number.POSITIVE_INFINITY);
    case 'below':
      return p.value! < (rule.threshold ?? Number.NEGATIVE_INFINITY);
    case 'outside-thresholds':
      return p.alert === true || (p.lower !== null && p.value! < p.lower) || (p.upper !== null && p.value! > p.upper);
    case 'alert':
      return p.alert === true;
  }
};

type Acc = { hits: number; from: string; to: string; worst: number | null; metrics: Set<string>; features: Set<string | null> };

/** The rules a metric name matches, as an accumulator compiled them (opaque to its callers). */
export type Matched = readonly unknown[];

/**
 * Evaluates the rules one point at a time, keeping only a summary per rule, so an import of any
 * size is checked in constant memory. `drafts()` gives one finding per rule and risk category,
 * spanning the breaching points' time window, with the worst value and the number of breaches.
 */
export const ruleAccumulator = (
  rules: Rule[],
): { add: (p: MetricPoint, matched?: Matched) => void; breaches: (p: Omit<MetricPoint, 'ts'>, matched?: Matched) => boolean; matching: (metric: string) => Matched; drafts: () => FindingDraft[] } => {
  const compiled = rules.map((rule) => ({ rule, re: new RegExp(rule.metric, 'i'), acc: null as Acc | null, lowIsBad: rule.condition === 'below' || rule.condition === 'outside-thresholds' }));
  // Which rules a metric name matches, worked out once per name (a file repeats a few names).
  const byMetric = new Map<string, typeof compiled>();
  const matching = (metric: string): typeof compiled => {
    let found = byMetric.get(metric);
    if (!found) {
      found = compiled.filter((c) => c.re.test(metric));
      if (byMetric.size < 10_000) byMetric.set(metric, found);
    }
    return found;
  };
  return {
    // `matched`: matching(p.metric), when the caller has it already.
    add: (p, matched = matching(p.metric)) => {
      const ts = p.ts;
      for (const c of matched as typeof compiled) {
        if (!breaches(c.rule, p)) continue;
        const a = (c.acc ??= { hits: 0, from: ts, to: ts, worst: null, metrics: new Set(), features: new Set() });
        a.hits += 1;
        if (ts < a.from) a.from = ts;
        if (ts > a.to) a.to = ts;
        if (p.value !== null) a.worst = a.worst === null ? p.value : c.lowIsBad ? Math.min(a.worst, p.value) : Math.max(a.worst, p.value);
        a.metrics.add(p.metric);
        a.features.add(p.feature);
      }
    },
    // Whether add would count the point: a caller can leave out its time (and the work of making
    // it) for the many points that breach nothing.
    breaches: (p, matched = matching(p.metric)) => (matched as typeof compiled).some((c) => breaches(c.rule, p)),
    matching,
    drafts: () =>
      compiled.flatMap(({ rule, acc }) => {
        if (!acc) return [];
        const features = [...acc.features];
        return rule.categories.map((category) => ({
          category,
          ruleId: rule.id,
          label: rule.label,
          metric: [...acc.metrics].join(', '),
          feature: features.length === 1 ? (features[0] ?? null) : features.filter(Boolean).join(', ') || null,
          severity: rule.probability >= 4 ? ('high' as const) : rule.probability === 3 ? ('medium' as const) : ('low' as const),
          probability: rule.probability,
          windowFrom: acc.from,
          windowTo: acc.to,
          worstValue: acc.worst,
          breaches: acc.hits,
        }));
      }),
  };
};

export const evaluateRules = (points: MetricPoint[], rules: Rule[]): FindingDraft[] => {
  const acc = ruleAccumulator(rules);
  for (const p of points) acc.add(p);
  return acc.drafts();
};
