import { useEffect, useState } from 'react';
import type { AuditRow, AuditVerification } from '../../../../shared/contract';
import { call, errorMessage } from '../../api/client';
import { Loading } from '../../components/Loading';
import { useSession } from '../../app/session';

const ACTIONS = ['', 'create', 'update', 'retire', 'submit', 'approve', 'reject', 'role', 'switch', 'settings', 'seed', 'import', 'report', 'backup', 'restore'];
const ENTITIES = ['', 'model', 'assessment', 'person', 'profile', 'settings', 'portfolio', 'monitoring', 'finding', 'report', 'database'];
const PAGE = 200;

const pretty = (json: string | null): string => (json ? JSON.stringify(JSON.parse(json), null, 2) : '—');

/** The hash-chained log: every change, who and when, before and after, and the chain's state. */
export const AuditPage = () => {
  const { identity } = useSession();
  const [filters, setFilters] = useState({ action: '', entity: '', search: '' });
  const [page, setPage] = useState(0);
  const [result, setResult] = useState<{ entries: AuditRow[]; total: number } | null>(null);
  const [chain, setChain] = useState<AuditVerification | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    call('audit.verify', {}).then(setChain, (e: unknown) => setFailure(errorMessage(e)));
  }, []);
  useEffect(() => {
    const q = { limit: PAGE, offset: page * PAGE, ...(filters.action ? { action: filters.action } : {}), ...(filters.entity ? { entity: filters.entity } : {}), ...(filters.search ? { search: filters.search } : {}) };
    call('audit.list', q).then(setResult, (e: unknown) => setFailure(errorMessage(e)));
  }, [filters, page]);

  const set = (patch: Partial<typeof filters>): void => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(0);
  };

  return (
    <>
      <div className="page-head">
        <h1>Audit log</h1>
        <span className="muted">Every change, appended in the same transaction, each entry hashing the one before.</span>
      </div>
      <div className="page">
        {chain ? (
          chain.ok ? (
            <div className="banner banner-ok" role="status">{chain.summary}. Head <span className="mono">{chain.head.slice(0, 16)}…</span>.</div>
          ) : (
            <div className="banner banner-danger" role="alert">{chain.summary}.</div>
          )
        ) : null}
        <p className="banner" role="note">Identity: {identity.statement}</p>
        {failure ? <div className="form-error" role="alert">{failure}</div> : null}
        <div className="actions" style={{ marginBottom: 12 }}>
          <select className="select" style={{ width: 150 }} aria-label="Filter by action" value={filters.action} onChange={(e) => set({ action: e.target.value })}>
            {ACTIONS.map((a) => <option key={a} value={a}>{a || 'All actions'}</option>)}
          </select>
          <select className="select" style={{ width: 150 }} aria-label="Filter by entity" value={filters.entity} onChange={(e) => set({ entity: e.target.value })}>
            {ENTITIES.map((a) => <option key={a} value={a}>{a || 'All entities'}</option>)}
          </select>
          <input className="input search" type="search" aria-label="Search actor or entity" placeholder="Actor or entity (MDL-0042)…" value={filters.search} onChange={(e) => set({ search: e.target.value })} />
          <span className="muted">{result ? `${result.total.toLocaleString('en')} entries` : ''}</span>
        </div>
        {!result ? (
          <Loading label="Loading the audit log" />
        ) : (
          <table className="data-table" aria-label="Audit entries">
            <thead>
              <tr><th>#</th><th>When</th><th>Who</th><th>OS account</th><th>Action</th><th>Entity</th><th>Change</th><th>Hash</th></tr>
            </thead>
            <tbody>
              {result.entries.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td className="mono">{e.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{e.actor}{e.actorId !== null ? <span className="muted"> #{e.actorId}</span> : null}</td>
                  <td className="mono">{e.osUser ?? '—'}</td>
                  <td>{e.action}{e.after?.includes('"sharedComputer":true') ? <span className="badge" title="Decided at the submitter's operating-system account, as the shared-computer policy allows"> shared computer</span> : null}</td>
                  <td>{e.entity} <span className="mono">{e.entityId}</span></td>
                  <td>
                    <details>
                      <summary>before / after</summary>
                      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
                        <pre className="mono" style={{ whiteSpace: 'pre-wrap', maxHeight: 240, overflow: 'auto' }}>{pretty(e.before)}</pre>
                        <pre className="mono" style={{ whiteSpace: 'pre-wrap', maxHeight: 240, overflow: 'auto' }}>{pretty(e.after)}</pre>
                      </div>
                    </details>
                  </td>
                  <td className="mono">{e.hash.slice(0, 10)}…</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {result && result.total > PAGE ? (
          <div className="actions" style={{ marginTop: 12 }}>
            <button className="btn" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>Newer</button>
            <span className="muted">Page {page + 1} of {Math.ceil(result.total / PAGE)}</span>
            <button className="btn" disabled={(page + 1) * PAGE >= result.total} onClick={() => setPage((p) => p + 1)}>Older</button>
          </div>
        ) : null}
      </div>
    </>
  );
};
