import type { MetricPoint } from '../../../../shared/monitoring';
import { importError } from '../limits';
import { parseLooseJson, reading, str, type Parsed } from './common';

type CheckJson = { check?: { name?: unknown }; header?: unknown; value?: unknown; conditions_results?: Record<string, unknown>[]; exception?: unknown };

/**
 * Numeric leaves of a check's value: `{feature: {"Drift score": 0.1, Method: "KS"}}` gives the
 * feature's `Drift score`; a number at the top is the check's own value. Lists (tables) are not read.
 */
const valuePoints = (check: string, value: unknown, push: (metric: string, v: unknown, feature: string | null) => void): number => {
  let n = 0;
  if (typeof value === 'number') {
    push(check, value, null);
    return 1;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 0;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'number') {
      push(`${check}:${k}`, v, null);
      n += 1;
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [field, x] of Object.entries(v as Record<string, unknown>)) {
        if (typeof x === 'number') {
          push(`${check}:${field}`, x, k);
          n += 1;
        }
      }
    }
  }
  return n;
};

/**
 * Deepchecks `SuiteResult` JSON (`{name, results: [CheckResult | CheckFailure]}`; older versions
 * give each result as a JSON string). Each condition is a `check:<check>` point, 1 when it passed
 * and 0 otherwise, alerting on FAIL; a check's numeric values are `<check>:<field>` points; a
 * failed check is named in the notes. The file has no time: the points are at the import.
 */
export const parseDeepchecks = (text: string, file: string, at: string): Parsed => {
  const doc = parseLooseJson(text, file) as { name?: unknown; results?: unknown[] };
  if (!Array.isArray(doc.results)) throw importError(file, 'key results', 'no results array: not a Deepchecks suite result');
  const points: MetricPoint[] = [];
  const notes: string[] = [];
  const push = (metric: string, v: unknown, feature: string | null): void => {
    const r = reading(v);
    if (!Number.isNaN(r.value)) points.push({ ts: at, metric, feature, ...r, lower: null, upper: null, alert: null });
  };
  let failures = 0;
  doc.results.forEach((raw, k) => {
    const r = (typeof raw === 'string' ? parseLooseJson(raw, `${file} (results[${k}])`) : raw) as CheckJson;
    const name = str(r.check?.name).trim() || str(r.header).trim();
    if (!name) throw importError(file, `key results[${k}]`, 'a result has no check name');
    if (r.exception !== undefined) {
      failures += 1;
      notes.push(`${name}: the check failed to run (${str(r.exception).slice(0, 120)})`);
      return;
    }
    for (const c of r.conditions_results ?? []) {
      const status = str(c.Status).toUpperCase();
      const condition = str(c.Condition).trim();
      points.push({ ts: at, metric: `check:${name}`, feature: condition || null, value: status === 'PASS' ? 1 : 0, lower: null, upper: null, alert: status === 'FAIL' ? true : status === 'PASS' ? false : null });
    }
    valuePoints(name, r.value, push);
  });
  notes.unshift(`suite "${str(doc.name) || '?'}": ${doc.results.length} checks${failures ? `, ${failures} failed to run` : ''}`, 'a suite result has no time: the points are at the import time');
  return { points, notes };
};

export const looksLikeDeepchecks = (head: string): boolean => /"results"\s*:\s*\[/.test(head) && /"(conditions_results|check)"\s*:|\\"conditions_results\\"/.test(head);
