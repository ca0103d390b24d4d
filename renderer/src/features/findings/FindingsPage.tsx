import { useCallback, useEffect, useMemo, useState } from 'react';
import { categoryLabels, riskCategories } from '../../../../shared/assessment';
import { findingKindLabels, isOverdue, remediationLabels } from '../../../../shared/findings';
import { findingKinds, remediations, type Finding } from '../../../../shared/monitoring';
import { call, errorMessage } from '../../api/client';
import { canAssess, useSession } from '../../app/session';
import { downloadText } from '../../components/download';
import { Loading } from '../../components/Loading';
import { useToast } from '../../components/Toasts';
import { FindingDialog, NewFindingDialog } from './FindingDialog';
import { matchesWords, searchFold } from '../../../../shared/text';
import { todayUtc } from '../../../../shared/schedule';

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/**
 * The findings register: every finding of the portfolio, monitoring and entered by hand, with its
 * owner, due date and remediation; filtered here, exported as CSV with the same filters.
 * `#/findings/overdue` opens it filtered to overdue findings (the dashboard links there);
 * `#/findings/<id>` opens that finding.
 */
export const FindingsPage = ({ filter }: { filter: string | undefined }) => {
  const { profile, changes, go } = useSession();
  const toast = useToast();
  const [rows, setRows] = useState<Finding[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [kind, setKind] = useState('');
  const [remediation, setRemediation] = useState(filter === 'overdue' ? '' : 'open');
  const [owner, setOwner] = useState('');
  const [search, setSearch] = useState('');
  const overdueOnly = filter === 'overdue';
  const [opened, setOpened] = useState<Finding | null>(null);
  const [creating, setCreating] = useState(false);
  const today = todayUtc();

  const load = useCallback(() => call('findings.list', {}).then(setRows, (e: unknown) => setFailure(errorMessage(e))), []);
  useEffect(() => void load(), [load, changes]);
  // `#/findings/<id>` (My work links there) opens that finding once the register is read.
  const openId = filter && /^\d+$/.test(filter) ? Number(filter) : null;
  useEffect(() => {
    const f = openId === null ? undefined : rows?.find((x) => x.id === openId);
    if (f) setOpened(f);
  }, [openId, rows === null]); // eslint-disable-line react-hooks/exhaustive-deps

  const owners = useMemo(() => [...new Set((rows ?? []).map((f) => f.owner).filter(Boolean))].sort(), [rows]);
  const shown = useMemo(() => {
    return (rows ?? [])
      .filter((f) => (!kind || f.kind === kind) && (!remediation || (remediation === 'open' ? f.remediation !== 'closed' : f.remediation === remediation)) && (!owner || f.owner === owner) && (!overdueOnly || isOverdue(f, today)))
      .filter((f) => matchesWords(searchFold(`${f.modelRef} ${f.label} ${f.metric} ${f.owner}`), search))
      .sort((a, b) => Number(isOverdue(b, today)) - Number(isOverdue(a, today)) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || b.id - a.id);
  }, [rows, kind, remediation, owner, overdueOnly, search, today]);
  const overdueCount = useMemo(() => (rows ?? []).filter((f) => isOverdue(f, today)).length, [rows, today]);

  const exportCsv = async (): Promise<void> => {
    try {
      const f = await call('findings.exportCsv', { ...(kind ? { kind: kind as Finding['kind'] } : {}), ...(remediation && remediation !== 'open' ? { remediation: remediation as Finding['remediation'] } : {}), ...(owner ? { owner } : {}), ...(overdueOnly ? { overdue: true } : {}) });
      downloadText(f.filename, f.csv, 'text/csv');
      toast({ kind: 'success', title: `Exported ${f.filename}`, body: `${f.rows} findings` });
    } catch (e) {
      toast({ kind: 'error', title: 'Export failed', body: errorMessage(e) });
    }
  };

  const replace = (next: Finding): void => {
    setRows((rs) => (rs ? (rs.some((x) => x.id === next.id) ? rs.map((x) => (x.id === next.id ? next : x)) : [next, ...rs]) : rs));
    setOpened(null);
  };

  return (
    <>
      <div className="page-head">
        <h1>Findings</h1>
        {overdueOnly ? (
          <button className="btn" onClick={() => go({ page: 'findings' })} aria-label="Remove the filter Overdue">Overdue ✕</button>
        ) : overdueCount > 0 ? (
          <button className="btn" onClick={() => go({ page: 'findings', filter: 'overdue' })}>{overdueCount} overdue</button>
        ) : null}
        <span className="header-spacer" />
        <button className="btn" onClick={() => void exportCsv()}>Export (CSV)</button>
        {canAssess(profile) ? <button className="btn btn-primary" onClick={() => setCreating(true)}>New finding…</button> : null}
      </div>
      <div className="page">
        {failure ? <div className="form-error" role="alert">{failure}</div> : null}
        {!rows ? (
          <Loading label="Loading the findings" />
        ) : (
          <>
            <div className="actions" role="group" aria-label="Findings filters" style={{ marginBottom: 12 }}>
              <input className="input" style={{ width: 220 }} type="search" placeholder="Search model, finding, owner" aria-label="Search findings" value={search} onChange={(e) => setSearch(e.target.value)} />
              <select className="select" style={{ width: 170 }} aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="">All kinds</option>
                {findingKinds.map((k) => <option key={k} value={k}>{findingKindLabels[k]}</option>)}
              </select>
              <select className="select" style={{ width: 190 }} aria-label="Remediation" value={remediation} onChange={(e) => setRemediation(e.target.value)}>
                <option value="open">Not closed</option>
                <option value="">Any remediation</option>
                {remediations.map((r) => <option key={r} value={r}>{remediationLabels[r]}</option>)}
              </select>
              <select className="select" style={{ width: 180 }} aria-label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
                <option value="">All owners</option>
                {owners.map((o) => <option key={o}>{o}</option>)}
              </select>
              <span className="muted" aria-live="polite">{shown.length} findings</span>
            </div>
            {rows.length === 0 ? (
              <div className="empty">
                <strong>No findings yet</strong>
                Monitoring imports raise findings when a rule is breached; record a validation issue, a limitation or an incident with <em>New finding</em>.
              </div>
            ) : (
              <table className="data-table" aria-label="Findings register" style={{ maxWidth: 'none' }}>
                <thead>
                  <tr><th>#</th><th>Model</th><th>Kind</th><th>Risk</th><th>Severity</th><th>Finding</th><th>Owner</th><th>Due</th><th>Remediation</th><th /></tr>
                </thead>
                <tbody>
                  {shown.slice(0, 500).map((f) => (
                    <tr key={f.id}>
                      <td className="mono">{f.id}</td>
                      <td><a href={`#/models/${encodeURIComponent(f.modelRef)}`}>{f.modelRef}</a></td>
                      <td>{findingKindLabels[f.kind]}</td>
                      <td>{categoryLabels[f.category]}</td>
                      <td>{f.severity}</td>
                      <td>{f.label}{f.metric ? <span className="muted"> · {f.metric}{f.feature ? ` · ${f.feature}` : ''}</span> : null}</td>
                      <td>{f.owner || <span className="muted">—</span>}</td>
                      <td className="mono nowrap">{f.dueDate ?? '—'} {isOverdue(f, today) ? <span className="badge badge-warn">overdue</span> : null}</td>
                      <td>{remediationLabels[f.remediation]}{f.evidence.length ? <span className="muted"> · {f.evidence.length} evidence</span> : null}</td>
                      <td><button className="btn" onClick={() => setOpened(f)} aria-label={`Open finding ${f.id}`}>Open</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {shown.length > 500 ? <p className="muted">Showing the first 500 of {shown.length}; filter to narrow the list.</p> : null}
          </>
        )}
      </div>
      {opened ? <FindingDialog finding={opened} editable={canAssess(profile)} onClose={() => setOpened(null)} onSaved={replace} /> : null}
      {creating ? (
        <NewFindingDialog
          categories={riskCategories}
          onCancel={() => setCreating(false)}
          onCreated={(f) => {
            replace(f);
            setCreating(false);
            toast({ kind: 'success', title: `Finding ${f.id} recorded for ${f.modelRef}` });
          }}
        />
      ) : null}
    </>
  );
};
