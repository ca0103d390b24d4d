import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { MonitoringPreview } from '../../../../shared/contract';
import { formatLabels, monitoringFormats, type ColumnMapping, type Finding, type MetricPoint, type MonitoringFormat } from '../../../../shared/monitoring';
import { categoryLabels } from '../../../../shared/assessment';
import { ApiError, call, errorMessage } from '../../api/client';
import { runJob, stageFile } from '../../api/jobs';
import { JobProgress } from '../../components/JobProgress';
import { useJobStep } from '../../components/useJobStep';
import { canAssess, useSession } from '../../app/session';
import { useToast } from '../../components/Toasts';
import { MappingForm } from './MappingForm';
import { MonitoringCharts } from './MonitoringCharts';
import { Loading } from '../../components/Loading';

type Pending = { name: string; fileId: string; preview: MonitoringPreview; format: MonitoringFormat; mapping: ColumnMapping | null };
type Staged = { name: string; fileId: string };

/** Imports (choose or drop a file, preview, confirm), charts of every series, findings. */
export const MonitoringSection = ({ modelRef, onImported }: { modelRef: string; onImported: () => void }) => {
  const { profile } = useSession();
  const toast = useToast();
  const [points, setPoints] = useState<MetricPoint[] | null>(null);
  const [found, setFound] = useState<Finding[]>([]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const { work, step } = useJobStep();
  const [mapping, setMapping] = useState<(Staged & { columns: string[] }) | null>(null);
  /** A file no importer recognised: the format chooser (and the mapping step for a CSV). */
  const [unrecognised, setUnrecognised] = useState<(Staged & { message: string }) | null>(null);
  const [chosen, setChosen] = useState<MonitoringFormat>('generic-csv');
  const input = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => {
    Promise.all([call('monitoring.series', { ref: modelRef }), call('findings.list', { ref: modelRef })]).then(
      ([p, f]) => {
        setPoints(p);
        setFound(f);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [modelRef]);
  useEffect(reload, [reload]);

  /** Runs one step (send, preview, import) with a progress bar and Cancel; null when cancelled or failed. */

  const discard = (fileId: string): void => void call('files.discard', { id: fileId }).catch(() => undefined);

  const preview = async (staged: Staged, format?: MonitoringFormat, map?: ColumnMapping): Promise<void> => {
    setError(null);
    try {
      const task = { kind: 'monitoring.preview' as const, fileId: staged.fileId, ref: modelRef, ...(format && format !== 'mapped-csv' ? { format } : {}), ...(map ? { mapping: map } : {}) };
      const p = await step(`Reading ${staged.name}`, (onProgress, signal) => runJob<MonitoringPreview>(task, onProgress, signal));
      if (!p) return discard(staged.fileId);
      setMapping(null);
      setUnrecognised(null);
      setPending({ ...staged, preview: p, format: p.format, mapping: p.mapping });
    } catch (e) {
      setPending(null);
      const columns = e instanceof ApiError ? e.data.details?.columns : undefined;
      const notRecognised = /could not be recognised/.test(errorMessage(e)) && !format;
      if (notRecognised) setUnrecognised({ ...staged, message: errorMessage(e) });
      if (Array.isArray(columns) && columns.length > 1 && !map) setMapping({ ...staged, columns: columns as string[] });
      else if (!notRecognised) {
        setError(errorMessage(e));
        discard(staged.fileId);
      }
    }
  };
  const pick = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setError(null);
    if (pending) discard(pending.fileId);
    setPending(null);
    try {
      const fileId = await step(`Sending ${file.name}`, (onProgress, signal) => stageFile(file, onProgress, signal));
      if (fileId) await preview({ name: file.name, fileId });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const confirm = async (): Promise<void> => {
    if (!pending) return;
    try {
      const task = { kind: 'monitoring.ingest' as const, fileId: pending.fileId, ref: modelRef, format: pending.format, ...(pending.mapping ? { mapping: pending.mapping } : {}) };
      const r = await step(`Importing ${pending.name}`, (onProgress, signal) => runJob<MonitoringPreview & { findingsCount: number }>(task, onProgress, signal));
      if (!r) return;
      toast({ kind: 'success', title: `Imported ${pending.name}`, body: `${r.rows} values, ${r.findingsCount} finding${r.findingsCount === 1 ? '' : 's'}` });
      discard(pending.fileId);
      setPending(null);
      reload();
      onImported();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const acknowledge = async (f: Finding): Promise<void> => {
    try {
      await call('findings.setStatus', { id: f.id, status: 'acknowledged' });
      reload();
    } catch (e) {
      toast({ kind: 'error', title: 'Not acknowledged', body: errorMessage(e) });
    }
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    void pick(e.dataTransfer.files[0]);
  };

  const p = pending?.preview;
  return (
    <section className="section" aria-labelledby="monitoring-title" style={{ maxWidth: 1020 }}>
      <h2 id="monitoring-title">Monitoring</h2>
      {canAssess(profile) ? (
        <div className="dropzone" data-over={over} aria-disabled={!!work} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
          Drop an export here (Evidently, NannyML, Prometheus, Grafana CSV, MLflow, SageMaker Model Monitor, whylogs, Deepchecks, any CSV) or{' '}
          <button className="btn" onClick={() => input.current?.click()}>Choose a file…</button>
          <input ref={input} type="file" hidden aria-label="Monitoring export file" onChange={(e) => { void pick(e.target.files?.[0]); e.target.value = ''; }} />
        </div>
      ) : null}
      {work ? <JobProgress label={work.label} progress={work.progress} onCancel={() => work.abort.abort()} /> : null}
      {error ? <div className="form-error" role="alert" style={{ marginTop: 8 }}>{error}</div> : null}
      {unrecognised ? (
        <div className="banner" role="region" aria-label="Choose the format" style={{ marginTop: 8 }}>
          <p><strong>{unrecognised.name}</strong>: no importer recognised it. Choose the tool that wrote it{mapping ? ', or map its columns below' : ''}.</p>
          <div className="actions">
            <label>Format{' '}
              <select className="select" style={{ width: 360 }} aria-label="Format to read it as" value={chosen} onChange={(e) => setChosen(e.target.value as MonitoringFormat)}>
                {monitoringFormats.filter((f) => f !== 'mapped-csv').map((f) => <option key={f} value={f}>{formatLabels[f]}</option>)}
              </select>
            </label>
            <button className="btn btn-primary" disabled={!!work} onClick={() => void preview(unrecognised, chosen)}>Preview as this format</button>
            <button className="btn" disabled={!!work} onClick={() => { discard(unrecognised.fileId); setUnrecognised(null); setMapping(null); }}>Cancel</button>
          </div>
        </div>
      ) : null}
      {mapping ? <MappingForm fileName={mapping.name} columns={mapping.columns} onCancel={() => { discard(mapping.fileId); setMapping(null); }} onPreview={(m) => void preview(mapping, 'mapped-csv', m)} /> : null}
      {pending && p ? (
        <div className="banner" role="region" aria-label="Import preview" style={{ marginTop: 8 }}>
          <div className="actions">
            <strong>{pending.name}</strong>
            <label>Format{' '}
              <select className="select" style={{ width: 150 }} value={pending.format} disabled={!!work} onChange={(e) => void preview(pending, e.target.value as MonitoringFormat, e.target.value === 'mapped-csv' ? (pending.mapping ?? undefined) : undefined)}>
                {monitoringFormats.filter((f) => f !== 'mapped-csv' || pending.mapping).map((f) => <option key={f}>{f}</option>)}
              </select>
            </label>
            <span className="muted">{p.detected ? `detected, ${Math.round(p.confidence * 100)} % sure` : 'chosen by hand'}</span>
          </div>
          <p>{p.rows} values · {p.metrics.length} metrics ({p.metrics.slice(0, 6).join(', ')}{p.metrics.length > 6 ? ', …' : ''}) · {p.features.length} features · {p.timeFrom?.slice(0, 10)} to {p.timeTo?.slice(0, 10)}</p>
          {p.duplicateOf ? <p className="form-error" role="alert">Already imported into {modelRef} on {p.duplicateOf.at.slice(0, 10)} as {p.duplicateOf.fileName} (import #{p.duplicateOf.importId}): the same file is not imported twice.</p> : null}
          {p.stale ? <p role="status"><span className="badge badge-warn">Stale data</span> The latest value is from {p.stale.latest.slice(0, 10)}, {p.stale.days} days ago (more than {p.stale.limitDays}): it is imported as history and opens no finding.</p> : null}
          {p.notes.length ? <ul className="muted" style={{ margin: '4px 0' }}>{p.notes.filter((n) => !n.startsWith('stale data')).map((n) => <li key={n}>{n}</li>)}</ul> : null}
          <p>{p.stale ? 'No finding: the data is stale.' : p.findings.length ? `Findings it would open: ${p.findings.map((f) => `${categoryLabels[f.category]} — ${f.label}`).join('; ')}` : 'No rule is breached: no finding would open.'}</p>
          <div className="actions">
            <button className="btn btn-primary" disabled={!!work || !!p.duplicateOf} onClick={() => void confirm()}>Import into {modelRef}</button>
            <button className="btn" disabled={!!work} onClick={() => { discard(pending.fileId); setPending(null); }}>Cancel</button>
          </div>
        </div>
      ) : null}
      <h3>Findings</h3>
      {found.length === 0 ? (
        <p className="muted">No finding.</p>
      ) : (
        <table className="data-table" aria-label="Findings">
          <thead><tr><th>Risk</th><th>Finding</th><th>Metric</th><th>Window</th><th>Severity</th><th>Suggests</th><th>Status</th><th>Source</th><th /></tr></thead>
          <tbody>
            {found.map((f) => (
              <tr key={f.id}>
                <td>{categoryLabels[f.category]}</td>
                <td>{f.label}</td>
                <td>{f.metric}{f.feature ? ` · ${f.feature}` : ''}{f.worstValue !== null ? ` (worst ${Number(f.worstValue.toPrecision(4))})` : ''}</td>
                <td className="mono">{f.windowFrom.slice(0, 10)} – {f.windowTo.slice(0, 10)}</td>
                <td>{f.severity}</td>
                <td>probability {f.probability}</td>
                <td>{f.status}</td>
                <td>{f.fileName}</td>
                <td>{f.status === 'open' && canAssess(profile) ? <button className="btn" onClick={() => void acknowledge(f)}>Acknowledge</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Series</h3>
      {!points ? <Loading label="Loading the series" /> : points.length === 0 ? <p className="muted">No monitoring data imported yet.</p> : <MonitoringCharts points={points} />}
    </section>
  );
};
