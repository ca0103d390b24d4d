import type { MonitoringFormat } from '../../../../shared/monitoring';
import { excelSep } from './common';
import { looksLikeDeepchecks } from './deepchecks';
import { grafanaLayout } from './grafana';
import { MLFLOW_UI_COLUMNS } from './mlflow';
import { nannymlHeaderRows } from './nannyml';
import { looksLikeSagemaker } from './sagemaker';
import { looksLikeWhylogs } from './whylogs';

export type Detection = { format: MonitoringFormat; confidence: number; layout?: string };

/**
 * Which importer fits, with a confidence from 0 to 1; the user may override it. Each format is
 * recognised by keys or columns only it writes, most specific first, so a new format never takes
 * a file an older importer read (test/unit/detect.test.ts holds every fixture to its format).
 */
export const detectFormat = (_fileName: string, text: string): Detection | null => {
  const head = text.slice(0, 4096);
  const wide = text.slice(0, 65536);
  const { body } = excelSep(head);
  const lines = body.split(/\r?\n/, 3);
  const firstLine = lines[0] ?? '';
  if (/^\s*[{[]/.test(head)) {
    if (/"resultType"\s*:/.test(head) && /"data"\s*:/.test(head)) return { format: 'prometheus', confidence: 0.95 };
    if (/^\s*\[\s*\{\s*"metric"\s*:\s*\{/.test(head) && /"values?"\s*:\s*\[/.test(head)) return { format: 'prometheus', confidence: 0.8, layout: 'bare result array' };
    if (/"mlflow"\s*:/.test(wide) && /"run_id"\s*:/.test(wide)) return { format: 'mlflow-run', confidence: 0.9 };
    if (/"metrics"\s*:/.test(head) && /"(metric_id|metric_name|metric)"\s*:/.test(wide)) return { format: 'evidently', confidence: /"metric_id"|"metric_name"|"result"/.test(head) ? 0.9 : 0.6 };
    if (looksLikeSagemaker(head)) return { format: 'sagemaker', confidence: 0.85 };
    if (looksLikeDeepchecks(wide)) return { format: 'deepchecks', confidence: 0.85 };
    if (looksLikeWhylogs(head, '')) return { format: 'whylogs', confidence: 0.8 };
    return null;
  }
  const depth = nannymlHeaderRows(lines);
  if (depth) return { format: 'nannyml', confidence: 0.95, layout: `${depth} header rows` };
  if (/chunk_key/.test(firstLine)) return { format: 'nannyml', confidence: 0.9, layout: 'flattened columns' };
  if (/(^|,)"?rank"?(,|$)/.test(firstLine) && /(^|,)"?column_name"?(,|$)/.test(firstLine) && /number_of_alerts|pearsonr/.test(firstLine)) return { format: 'nannyml', confidence: 0.6, layout: 'a ranking (refused)' };
  const layout = grafanaLayout(head);
  if (layout) return { format: 'grafana-csv', confidence: 0.8, layout: layout === 'long' ? 'long (Series, Time, Value)' : 'wide (Time, series…)' };
  if (/(^|,)run_id(,|$)/.test(firstLine) && /(^|,)metrics\./.test(firstLine)) return { format: 'mlflow-csv', confidence: 0.9 };
  const cells = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  if (MLFLOW_UI_COLUMNS.every((c, i) => cells[i] === c)) return { format: 'mlflow-ui-csv', confidence: 0.9 };
  if (looksLikeWhylogs('', firstLine)) return { format: 'whylogs', confidence: 0.85 };
  const cols = firstLine.toLowerCase().split(/[,;]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  if (['timestamp', 'metric', 'value'].every((c) => cols.includes(c))) return { format: 'generic-csv', confidence: 0.9 };
  return null;
};
