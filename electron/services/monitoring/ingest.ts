import type { Actor } from '../../../shared/people';
import { createHash } from 'node:crypto';
import { appendAudit } from '../../../db/audit';
import { inTransaction, type Db } from '../../../db/client';
import { importBySha, insertFindings, insertImport, insertPoints } from '../../../db/queries/monitoring';
import { getModel } from '../../../db/queries/models';
import { AppError } from '../../../shared/errors';
import type { MonitoringPreview } from '../../../shared/contract';
import { DEFAULT_STALE_DAYS, evaluateRules, headerSignature, monitoringFormats, staleness, staleNote, type ColumnMapping, type MonitoringFormat, type Rule } from '../../../shared/monitoring';
import { recordTrigger } from '../triggers';
import { checkHead, checkLineLengths, checkUtf8, importError, LIMITS } from './limits';
import { csvHeader, detectFormat, parseExport } from './parsers';
import { importTarget, refuseReimport } from './target';
import { cancelledError, streamGenericCsv, streamsAsGenericCsv, type Hooks } from './streamCsv';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

export type Preview = MonitoringPreview;

const JSON_FORMATS: ReadonlySet<MonitoringFormat> = new Set(['evidently', 'prometheus', 'mlflow-run', 'sagemaker', 'deepchecks']);

/** Reads and checks an export without writing anything: format, metrics, time range, findings. */
export const previewExport = (
  fileName: string,
  content: Buffer,
  rules: Rule[],
  at: Date,
  format?: MonitoringFormat,
  mapping?: ColumnMapping,
  savedMappings: Record<string, ColumnMapping> = {},
  staleDays: number = DEFAULT_STALE_DAYS,
): Preview & { points: ReturnType<typeof parseExport>['points'] } => {
  if (content.length > LIMITS.bytes) throw importError(fileName, '', `the file is ${content.length} bytes; the limit is ${LIMITS.bytes}`);
  checkUtf8(fileName, content);
  const text = content.toString('utf8');
  const columns = /^\s*[{[]/.test(text) ? [] : csvHeader(text);
  const remembered = savedMappings[headerSignature(columns)];
  const detected = detectFormat(fileName, text) ?? (columns.length && remembered ? { format: 'mapped-csv' as const, confidence: 0.85 } : null);
  const chosen = format ?? (mapping ? 'mapped-csv' : detected?.format);
  if (!chosen) {
    throw new AppError('invalid_input', `${fileName}: the format could not be recognised; choose it by hand (${monitoringFormats.filter((f) => f !== 'mapped-csv').join(', ')})${columns.length > 1 ? ', or map its columns' : ''}`, { file: fileName, columns });
  }
  // Every CSV reader gets the same bound on a line, whichever parser reads it (JSON may be one line).
  if (!JSON_FORMATS.has(chosen)) checkLineLengths(fileName, text);
  const used = chosen === 'mapped-csv' ? (mapping ?? remembered) : undefined;
  const parsed = parseExport(chosen, text, fileName, at.toISOString(), used);
  if (parsed.points.length === 0) throw importError(fileName, '', 'the file holds no metric values');
  if (parsed.points.length > LIMITS.rows) throw importError(fileName, '', `more than ${LIMITS.rows} values`);
  const times = parsed.points.map((p) => p.ts).sort();
  const stale = staleness(times.at(-1) ?? null, at, staleDays);
  const layout = format ? undefined : detected && 'layout' in detected ? detected.layout : undefined;
  return {
    format: chosen,
    confidence: format ? 1 : (detected?.confidence ?? 0),
    detected: !format,
    sha256: createHash('sha256').update(content).digest('hex'),
    bytes: content.length,
    rows: parsed.points.length,
    metrics: [...new Set(parsed.points.map((p) => p.metric))].sort(),
    features: [...new Set(parsed.points.map((p) => p.feature).filter((f): f is string => !!f))].sort(),
    timeFrom: times[0] ?? null,
    timeTo: times.at(-1) ?? null,
    findings: stale ? [] : evaluateRules(parsed.points, rules),
    notes: [...(layout ? [`recognised as ${chosen} (${layout})`] : []), ...parsed.notes, ...(stale ? [staleNote(stale)] : [])],
    stale,
    mapping: used ?? null,
    columns,
    points: parsed.points,
  };
};

export type IngestResult = Preview & { importId: number; ref: string; findingsCount: number };

/**
 * Imports one export for one model in one transaction: the file record, every point, the
 * findings, a review trigger per finding and the audit entry. Any error leaves nothing behind.
 */
export const ingestExport = async (
  db: Db,
  req: { ref: string; fileName: string; content: Buffer; format?: MonitoringFormat; mapping?: ColumnMapping; savedMappings?: Record<string, ColumnMapping>; actor: Actor; now: Date; rules: Rule[]; staleDays?: number | undefined },
): Promise<IngestResult> => {
  const model = await importTarget(db, req.ref);
  const { points, ...preview } = previewExport(req.fileName, req.content, req.rules, req.now, req.format, req.mapping, req.savedMappings, req.staleDays);
  return await inTransaction(db, async () => {
    await refuseReimport(db, model, preview.sha256, req.fileName);
    const at = req.now.toISOString();
    const importId = await insertImport(db, { modelId: model.id, format: preview.format, fileName: req.fileName, sha256: preview.sha256, bytes: preview.bytes, rows: preview.rows, timeFrom: preview.timeFrom, timeTo: preview.timeTo, importedBy: req.actor.name, at });
    await insertPoints(db, importId, points);
    await insertFindings(db, model.id, importId, preview.findings, at);
    // One trigger per breached rule: a rule that opens findings in two categories is one event.
    const reasons = new Set(preview.findings.map((f) => `monitoring finding: ${f.label} (${f.metric}${f.feature ? `, ${f.feature}` : ''})`));
    for (const reason of reasons) await recordTrigger(db, model.id, { kind: 'monitoring', reason }, req.now);
    const summary = { importId, format: preview.format, fileName: req.fileName, sha256: preview.sha256, rows: preview.rows, timeFrom: preview.timeFrom, timeTo: preview.timeTo, findings: preview.findings.map((f) => `${f.category}: ${f.label}`) };
    await appendAudit(db, { actor: req.actor, action: 'import', entity: 'monitoring', entityId: req.ref, after: summary, at: req.now });
    return { ...preview, importId, ref: req.ref, findingsCount: preview.findings.length };
  });
};

/** The earlier import of the same file for the model a preview is for: named before Import is pressed. */
const duplicateOf = async (db: Db, ref: string | null, sha256: string): Promise<MonitoringPreview['duplicateOf']> => {
  if (!ref) return null;
  const model = await getModel(db, ref);
  const found = model ? await importBySha(db, model.id, sha256) : undefined;
  return found ? { importId: found.id, at: found.at, fileName: found.fileName } : null;
};

/** A file on disk, as the worker, the CLI and the watched folder see it. */
export type FileRequest = {
  ref: string | null;
  path: string;
  fileName: string;
  format?: MonitoringFormat | undefined;
  mapping?: ColumnMapping | undefined;
  savedMappings?: Record<string, ColumnMapping>;
  actor: Actor;
  now: Date;
  rules: Rule[];
  staleDays?: number | undefined;
};

/** The first 64 KiB of a file, as latin1 text (enough to recognise a format). */
export const headOf = (path: string): string => {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
};

const streams = (req: FileRequest): boolean => {
  const head = headOf(req.path);
  checkHead(req.fileName, Buffer.from(head, 'latin1'));
  return (req.format === undefined || req.format === 'generic-csv') && !req.mapping && streamsAsGenericCsv(head);
};

/**
 * Previews (write: false) or imports (write: true) a file on disk. Generic comma CSVs stream in
 * constant memory with progress and cancel; the other formats are read whole (they are bounded by
 * the size limit) and parsed in one step.
 */
export const processFile = async (db: Db, req: FileRequest, write: boolean, hooks: Hooks = {}): Promise<IngestResult | (Preview & { importId: null; findingsCount: number })> => {
  const size = statSync(req.path).size;
  if (size > LIMITS.bytes) throw importError(req.fileName, '', `the file is ${size} bytes; the limit is ${LIMITS.bytes}`);
  if (streams(req)) {
    const r = await streamGenericCsv(db, { ref: req.ref, path: req.path, fileName: req.fileName, actor: req.actor, now: req.now, rules: req.rules, write, staleDays: req.staleDays }, hooks);
    return r.importId === null ? { ...r, importId: null, duplicateOf: await duplicateOf(db, req.ref, r.sha256) } : { ...r, importId: r.importId, ref: req.ref! };
  }
  hooks.progress?.(0, size, 'Reading');
  const content = readFileSync(req.path);
  if (hooks.cancelled?.()) throw cancelledError(req.fileName);
  hooks.progress?.(size / 2, size, write ? 'Importing' : 'Reading');
  const common = { fileName: req.fileName, content, savedMappings: req.savedMappings ?? {}, ...(req.format ? { format: req.format } : {}), ...(req.mapping ? { mapping: req.mapping } : {}) };
  if (!write) {
    const { points: _p, ...preview } = previewExport(common.fileName, content, req.rules, req.now, req.format, req.mapping, common.savedMappings, req.staleDays);
    return { ...preview, importId: null, findingsCount: preview.findings.length, duplicateOf: await duplicateOf(db, req.ref, preview.sha256) };
  }
  if (!req.ref) throw new AppError('invalid_input', `${req.fileName}: choose the model the export belongs to`);
  return await ingestExport(db, { ...common, ref: req.ref, actor: req.actor, now: req.now, rules: req.rules, staleDays: req.staleDays });
};
