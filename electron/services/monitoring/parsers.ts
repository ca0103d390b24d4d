/**
 * The monitoring importers, one module per format under formats/, and the one entry that picks
 * the parser for a format. Every parser returns points and notes, or throws one import error
 * naming the file and the line or key.
 */
import type { ColumnMapping, MonitoringFormat } from '../../../shared/monitoring';
import { importError } from './limits';
import type { Parsed } from './formats/common';
import { parseDeepchecks } from './formats/deepchecks';
import { parseEvidently } from './formats/evidently';
import { parseGenericCsv } from './formats/generic';
import { parseGrafanaCsv } from './formats/grafana';
import { parseMappedCsv } from './formats/mapped';
import { parseMlflowExperimentsCsv, parseMlflowRun, parseMlflowUiCsv } from './formats/mlflow';
import { parseNannyml } from './formats/nannyml';
import { parsePrometheus } from './formats/prometheus';
import { parseSagemaker } from './formats/sagemaker';
import { parseWhylogs } from './formats/whylogs';

export type { Parsed } from './formats/common';
export { csvHeader, parseLooseJson, toIso } from './formats/common';
export { detectFormat, type Detection } from './formats/detect';
export { driftDecision } from './formats/evidently';

export const parseExport = (format: MonitoringFormat, text: string, file: string, at: string, mapping?: ColumnMapping): Parsed => {
  switch (format) {
    case 'mapped-csv':
      if (!mapping) throw importError(file, '', 'a mapped CSV needs a column mapping: which column is the time, the metric and the value');
      return parseMappedCsv(text, file, mapping);
    case 'evidently':
      return parseEvidently(text, file, at);
    case 'nannyml':
      return parseNannyml(text, file);
    case 'prometheus':
      return parsePrometheus(text, file);
    case 'generic-csv':
      return parseGenericCsv(text, file);
    case 'mlflow-run':
      return parseMlflowRun(text, file);
    case 'grafana-csv':
      return parseGrafanaCsv(text, file);
    case 'mlflow-csv':
      return parseMlflowExperimentsCsv(text, file);
    case 'mlflow-ui-csv':
      return parseMlflowUiCsv(text, file);
    case 'sagemaker':
      return parseSagemaker(text, file, at);
    case 'whylogs':
      return parseWhylogs(text, file, at);
    case 'deepchecks':
      return parseDeepchecks(text, file, at);
  }
};
