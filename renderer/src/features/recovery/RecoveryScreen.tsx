import { useEffect, useState } from 'react';
import type { RecoveryStatus } from '../../../../shared/backups';
import { call, errorMessage } from '../../api/client';
import { size } from '../../components/JobProgress';
import { minuteOf } from '../../../../shared/schedule';
import { Loading } from '../../components/Loading';

/**
 * Shown when the database failed its checks at start: what is wrong, where the untouched files
 * went, and the backups to restore (the newest verified one first), or a fresh start.
 */
export const RecoveryScreen = ({ onRecovered }: { onRecovered: () => void }) => {
  const [status, setStatus] = useState<RecoveryStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call('recovery.status', {}).then(setStatus, (e: unknown) => setError(errorMessage(e)));
  }, []);
  const act = async (run: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await run();
      onRecovered();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const latest = status?.backups.find((b) => b.verified);
  return (
    <div className="center">
      <div className="card" role="alert" aria-labelledby="recovery-title" style={{ maxWidth: 760 }}>
        <h1 id="recovery-title">The database needs attention</h1>
        {!status ? (
          error ? <p>{error}</p> : <Loading label="Checking" />
        ) : (
          <>
            <p><strong>{status.problem}</strong></p>
            <p>Nothing was written to it. The files were moved, untouched, to <span className="mono">{status.movedTo}</span>, where they stay for a manual repair or an expert's look.</p>
            {latest ? (
              <>
                <p>The latest verified backup is from {minuteOf(latest.at)} UTC ({latest.reason}). Restoring it brings back the portfolio as it was then; changes made since are not in it.</p>
                <div className="actions">
                  <button className="btn btn-primary" disabled={busy} onClick={() => void act(() => call('recovery.restore', { name: latest.name }))}>Restore the backup of {latest.at.slice(0, 10)}</button>
                  <button className="btn" disabled={busy} onClick={() => void act(() => call('recovery.startEmpty', {}))}>Start with an empty database</button>
                </div>
              </>
            ) : (
              <>
                <p>No verified backup was found in the backups folder. You can start with an empty database (the damaged files stay where they were moved) or place a copy in the backups folder and reopen the app.</p>
                <button className="btn btn-primary" disabled={busy} onClick={() => void act(() => call('recovery.startEmpty', {}))}>Start with an empty database</button>
              </>
            )}
            {status.backups.length > 1 ? (
              <details style={{ marginTop: 12 }}>
                <summary>All backups ({status.backups.length})</summary>
                <table className="data-table" aria-label="Backups">
                  <thead><tr><th>When (UTC)</th><th>Kind</th><th>Size</th><th>Check</th><th /></tr></thead>
                  <tbody>
                    {status.backups.map((b) => (
                      <tr key={b.name}>
                        <td className="mono">{minuteOf(b.at)}</td>
                        <td>{b.reason}</td>
                        <td>{size(b.bytes)}</td>
                        <td>{b.verified ? 'verified' : 'damaged'}</td>
                        <td>{b.verified ? <button className="btn" disabled={busy} onClick={() => void act(() => call('recovery.restore', { name: b.name }))}>Restore</button> : null}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            ) : null}
            {error ? <div className="form-error" role="alert">{error}</div> : null}
          </>
        )}
      </div>
    </div>
  );
};
