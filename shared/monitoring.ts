import { z } from 'zod';
import type { RiskCategory } from './assessment';

export const monitoringFormats = ['evidently', 'nannyml', 'prometheus', 'mlflow-run', 'generic-csv'] as const;
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

/** PRODUCT.md's examples as defaults: drift share, quality below its lower threshold, uptime and error rate. */
export const defaultRules = (): Rule[] => [
  { id: 'drift-share', label: 'Share of drifted columns ≥ 0.3', metric: '^(drifted_columns_share|share_of_drifted_columns)$', condition: 'above', threshold: 0.3, categories: ['degradation'], probability: 4 },
  { id: 'feature-drift', label: 'Feature drift alert', metric: '^(drift:|kolmogorov|jensen|wasserstein|psi|chi2|hellinger|l_infinity)', condition: 'alert', threshold: null, categories: ['degradation'], probability: 3 },
  { id: 'quality-low', label: 'Accuracy, ROC AUC, F1, precision or recall outside their thresholds', metric: '^(accuracy|roc_auc|auc|f1|precision|recall)$', condition: 'outside-thresholds', threshold: null, categories: ['degradation', 'bad_prediction'], probability: 4 },
  { id: 'uptime-low', label: 'Uptime below 99.5 %', metric: '^(up|uptime|availability)$', condition: 'below', threshold: 0.995, categories: ['unavailability'], probability: 3 },
  { id: 'error-rate-high', label: 'Error rate above 1 %', metric: '^(error_rate|errors_ratio)$', condition: 'above', threshold: 0.01, categories: ['unavailability'], probability: 3 },
];

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
  importId: number;
  fileName: string;
  createdAt: string;
};

export const ingestInputSchema = z
  .object({
    ref: z.string().min(1),
    fileName: z.string().trim().min(1).max(260),
    content: z.string().max(50_000_000, 'the file is larger than 50 MB; use the command line (mrd ingest) for large files'),
    format: z.enum(monitoringFormats).optional(),
  })
  .strict();

export type FindingDraft = Omit<Finding, 'id' | 'modelRef' | 'status' | 'importId' | 'fileName' | 'createdAt'>;

const breaches = (rule: Rule, p: MetricPoint): boolean => {
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

/**
 * Applies the rules to an import's points: one finding per rule and risk category, spanning the
 * breaching points' time window, with the worst value and how many points breached.
 */
export const evaluateRules = (points: MetricPoint[], rules: Rule[]): FindingDraft[] => {
  const drafts: FindingDraft[] = [];
  for (const rule of rules) {
    const re = new RegExp(rule.metric, 'i');
    const hits = points.filter((p) => re.test(p.metric) && breaches(rule, p));
    if (hits.length === 0) continue;
    const times = hits.map((h) => h.ts).sort();
    const values = hits.map((h) => h.value).filter((v): v is number => v !== null);
    const lowIsBad = rule.condition === 'below' || rule.condition === 'outside-thresholds';
    const metrics = [...new Set(hits.map((h) => h.metric))];
    const features = [...new Set(hits.map((h) => h.feature))];
    for (const category of rule.categories) {
      drafts.push({
        category,
        ruleId: rule.id,
        label: rule.label,
        metric: metrics.join(', '),
        feature: features.length === 1 ? (features[0] ?? null) : features.filter(Boolean).join(', ') || null,
        severity: rule.probability >= 4 ? 'high' : rule.probability === 3 ? 'medium' : 'low',
        probability: rule.probability,
        windowFrom: times[0]!,
        windowTo: times.at(-1)!,
        worstValue: values.length ? (lowIsBad ? Math.min(...values) : Math.max(...values)) : null,
        breaches: hits.length,
      });
    }
  }
  return drafts;
};
