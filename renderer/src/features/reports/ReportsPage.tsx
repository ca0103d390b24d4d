import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { lifecycleStatuses, type ModelListRow } from '../../../../shared/model';
import { describeScope, reportFileName, type ReportRegisterRow } from '../../../../shared/reports';
import { call, errorMessage } from '../../api/client';
import { runJob, stageFile } from '../../api/jobs';
import { Field } from '../../components/Field';
import { JobProgress } from '../../components/JobProgress';
import { useJobStep } from '../../components/useJobStep';
import { useToast } from '../../components/Toasts';
import { downloadBytes } from '../../components/download';
import { minuteOf, todayUtc } from '../../../../shared/schedule';
import { Loading } from '../../components/Loading';

type Verdict = OutputOf<'reports.verify'>;

const bytesOf = (base64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/**
 * Reports: generate a portfolio or model PDF as of a date (in a worker, with progress and
 * Cancel), the register of every report made, and "verify a PDF" against that register.
 */
export const ReportsPage = () => {
  const toast = useToast();
  const [models, setModels] = useState<ModelListRow[]>([]);
  const [register, setRegister] = useState<ReportRegisterRow[] | null>(null);
  const [form, setForm] = useState({ kind: 'portfolio' as 'portfolio' | 'model', ref: '', asOf: todayUtc(), businessUnit: '', status: '', tag: '' });
  const { work, step } = useJobStep();
  const [error, setError] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => {
    call('reports.list', {}).then(setRegister, (e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    reload();
    call('models.list', {}).then(setModels, (e: unknown) => setError(errorMessage(e)));
  }, [reload]);
  const units = useMemo(() => [...new Set(models.map((m) => m.businessUnit))].sort(), [models]);
  const tags = useMemo(() => [...new Set(models.flatMap((m) => m.tags))].sort(), [models]);


  const generate = async (): Promise<void> => {
    setError(null);
    if (form.kind === 'model' && !form.ref) return setError('Choose the model to report on.');
    const request = {
      kind: form.kind,
      asOf: form.asOf,
      ...(form.kind === 'model' ? { ref: form.ref } : {}),
      scope: form.kind === 'model' ? {} : { ...(form.businessUnit ? { businessUnit: form.businessUnit } : {}), ...(form.status ? { status: form.status as (typeof lifecycleStatuses)[number] } : {}), ...(form.tag ? { tag: form.tag } : {}) },
    };
    try {
      const r = await step(`Generating the ${form.kind} report`, (onProgress, signal) => runJob<{ register: ReportRegisterRow; pdfBase64: string }>({ kind: 'report', request }, onProgress, signal));
      if (!r) return;
      downloadBytes(reportFileName({ kind: form.kind, ref: form.ref, asOf: form.asOf }), bytesOf(r.pdfBase64), 'application/pdf');
      toast({ kind: 'success', title: `Report #${r.register.id} generated`, body: `${r.register.pages} pages, ${r.register.models} models · SHA-256 ${r.register.sha256.slice(0, 16)}…` });
      reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const verify = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setError(null);
    setVerdict(null);
    try {
      const id = await step(`Reading ${file.name}`, (onProgress, signal) => stageFile(file, onProgress, signal));
      if (id) setVerdict({ ...(await call('reports.verify', { fileId: id })), fileName: file.name });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const set = (patch: Partial<typeof form>): void => setForm((f) => ({ ...f, ...patch }));

  return (
    <>
      <div className="page-head">
        <h1>Reports</h1>
        <span className="muted">Audit-grade PDFs of the portfolio or one model, as the data stood at the end of a date; each one registered with its SHA-256.</span>
      </div>
      <div className="page">
        <section className="section" aria-labelledby="generate-title" style={{ maxWidth: 1020 }}>
          <h2 id="generate-title">Generate a report</h2>
          <div className="form-grid">
            <Field label="Report">
              <select className="select" value={form.kind} onChange={(e) => set({ kind: e.target.value as 'portfolio' | 'model' })}>
                <option value="portfolio">Portfolio</option>
                <option value="model">One model</option>
              </select>
            </Field>
            {form.kind === 'model' ? (
              <Field label="Model">
                <select className="select" value={form.ref} onChange={(e) => set({ ref: e.target.value })}>
                  <option value="">Choose…</option>
                  {models.map((m) => <option key={m.ref} value={m.ref}>{m.ref} — {m.name}</option>)}
                </select>
              </Field>
            ) : (
              <>
                <Field label="Business unit">
                  <select className="select" value={form.businessUnit} onChange={(e) => set({ businessUnit: e.target.value })}>
                    <option value="">All</option>
                    {units.map((u) => <option key={u}>{u}</option>)}
                  </select>
                </Field>
                <Field label="Status">
                  <select className="select" value={form.status} onChange={(e) => set({ status: e.target.value })}>
                    <option value="">All</option>
                    {lifecycleStatuses.map((s) => <option key={s}>{s}</option>)}
                  </select>
                </Field>
                <Field label="Tag">
                  <select className="select" value={form.tag} onChange={(e) => set({ tag: e.target.value })}>
                    <option value="">All</option>
                    {tags.map((t) => <option key={t}>{t}</option>)}
                  </select>
                </Field>
              </>
            )}
            <Field label="As of" hint="The end of this day (UTC): later changes are left out">
              <input className="input" type="date" value={form.asOf} max={todayUtc()} onChange={(e) => set({ asOf: e.target.value })} />
            </Field>
          </div>
          <div className="actions" style={{ marginTop: 8 }}>
            <button className="btn btn-primary" disabled={!!work || !form.asOf} onClick={() => void generate()}>Generate PDF</button>
            <button className="btn" disabled={!!work} onClick={() => input.current?.click()}>Verify a PDF…</button>
            <input ref={input} type="file" accept="application/pdf,.pdf" hidden aria-label="PDF to verify" onChange={(e) => { void verify(e.target.files?.[0]); e.target.value = ''; }} />
          </div>
          {work ? <JobProgress label={work.label} progress={work.progress} onCancel={() => work.abort.abort()} unit={work.label.startsWith('Reading') ? 'bytes' : 'none'} /> : null}
          {error ? <div className="form-error" role="alert" style={{ marginTop: 8 }}>{error}</div> : null}
          {verdict ? (
            <div className="banner" role="status" aria-label="Verification" style={{ marginTop: 8 }} data-ok={verdict.matches.length > 0 && verdict.chain.ok}>
              {verdict.matches.length ? (
                <p><strong>{verdict.fileName} is an unaltered registered report</strong>: #{verdict.matches[0]!.id}, {describeScope({ kind: verdict.matches[0]!.kind, ref: verdict.matches[0]!.scope.ref, scope: verdict.matches[0]!.scope })}, as of {verdict.matches[0]!.asOf}, generated by {verdict.matches[0]!.generatedBy} on {minuteOf(verdict.matches[0]!.generatedAt)}{verdict.matches.length > 1 ? ` (and ${verdict.matches.length - 1} identical regeneration${verdict.matches.length > 2 ? 's' : ''})` : ''}.</p>
              ) : (
                <p><strong>{verdict.fileName} is not a registered report</strong>: its SHA-256 <span className="mono">{verdict.sha256}</span> matches no report generated here. It was altered, or made elsewhere.</p>
              )}
              {verdict.chain.builtOn ? (
                verdict.chain.ok ? (
                  <p>It was built on audit entry #{verdict.chain.builtOn.seq} (<span className="mono">{verdict.chain.builtOn.hash.slice(0, 16)}…</span>), which the audit chain still holds: nothing up to it was removed, rewound or rewritten.</p>
                ) : (
                  <p role="alert"><strong>The audit chain no longer extends this report.</strong> {verdict.chain.reason}.</p>
                )
              ) : (
                <p>{verdict.chain.reason}.</p>
              )}
            </div>
          ) : null}
        </section>
        <section className="section" aria-labelledby="register-title" style={{ maxWidth: 1020 }}>
          <h2 id="register-title">Register</h2>
          {!register ? (
            <Loading label="Loading the register" />
          ) : register.length === 0 ? (
            <p className="muted">No report generated yet.</p>
          ) : (
            <table className="data-table" aria-label="Report register">
              <thead><tr><th>#</th><th>Generated</th><th>By</th><th>Report</th><th>As of</th><th>Pages</th><th>Models</th><th>SHA-256</th></tr></thead>
              <tbody>
                {register.map((r) => (
                  <tr key={r.id}>
                    <td>{r.id}</td>
                    <td className="mono">{minuteOf(r.generatedAt)}</td>
                    <td>{r.generatedBy}</td>
                    <td>{r.kind === 'model' ? `Model ${r.scope.ref ?? ''}` : `Portfolio: ${describeScope({ kind: r.kind, scope: r.scope })}`}</td>
                    <td className="mono">{r.asOf}</td>
                    <td>{r.pages}</td>
                    <td>{r.models}</td>
                    <td className="mono" title={r.sha256}>{r.sha256.slice(0, 16)}…</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
};
