import { useEffect, useState } from 'react';
import type { WatchLogRow } from '../../../../shared/contract';
import { call, errorMessage } from '../../api/client';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toasts';

/** A folder that monitoring pipelines drop exports into; the app imports them every few seconds. */
export const WatchSection = ({ editable }: { editable: boolean }) => {
  const [folder, setFolder] = useState('');
  const [log, setLog] = useState<WatchLogRow[]>([]);
  const [error, setError] = useState<string | undefined>();
  const toast = useToast();
  useEffect(() => {
    call('monitoring.watchFolder', {}).then(
      (s) => {
        setFolder(s.folder ?? '');
        setLog(s.log);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  const save = async (): Promise<void> => {
    try {
      const s = await call('monitoring.setWatchFolder', { folder: folder.trim() || null });
      setError(undefined);
      setLog(s.log);
      toast({ kind: 'success', title: s.folder ? `Watching ${s.folder}` : 'No folder is watched' });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section className="section" aria-labelledby="watch-title" style={{ maxWidth: 1060 }}>
      <h2 id="watch-title">Watched folder</h2>
      <p className="muted">
        Exports dropped here are imported automatically. Name the model with a sidecar <span className="mono">&lt;file&gt;.model</span> holding its
        reference, or a file-name prefix <span className="mono">MDL-0042__</span>. Imported files move to <span className="mono">imported/</span>, failures to{' '}
        <span className="mono">failed/</span> with their error beside them. Only files it recognises as monitoring exports (.json or .csv in a
        format it reads) are taken: anything else stays exactly where it is. Choose a folder kept for exports: the home folder, system folders
        and the app's own data folder are refused.
      </p>
      <div className="actions">
        <div style={{ flex: 1 }}>
          <Field label="Folder" error={error}>
            <input className="input" value={folder} disabled={!editable} onChange={(e) => setFolder(e.target.value)} placeholder="/data/monitoring/inbox" />
          </Field>
        </div>
        {editable ? <button className="btn btn-primary" style={{ alignSelf: 'center' }} onClick={() => void save()}>Save folder</button> : null}
      </div>
      {log.length ? (
        <table className="data-table" aria-label="Watched folder log" style={{ marginTop: 12 }}>
          <thead><tr><th>When</th><th>File</th><th>Model</th><th>Result</th></tr></thead>
          <tbody>
            {log.map((l) => (
              <tr key={l.id}>
                <td className="mono">{l.at.replace('T', ' ').slice(0, 19)}</td>
                <td>{l.fileName}</td>
                <td>{l.modelRef ?? '—'}</td>
                <td className={l.status === 'failed' ? 'warn' : undefined}>{l.status}: {l.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
};
