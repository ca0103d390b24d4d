import { useCallback, useEffect, useState } from 'react';
import type { BackupInfo } from '../../../../shared/backups';
import { call, errorMessage } from '../../api/client';
import { size } from '../../components/JobProgress';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/Toasts';
import { minuteOf } from '../../../../shared/schedule';
import { Loading } from '../../components/Loading';

/** Backups: listed with their kind, made on demand, restored by a review lead after a confirmation. */
export const BackupsSection = ({ canRestore, onRestored }: { canRestore: boolean; onRestored: () => void }) => {
  const toast = useToast();
  const [list, setList] = useState<{ dir: string; backups: BackupInfo[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<BackupInfo | null>(null);
  const reload = useCallback(() => {
    call('backups.list', {}).then(setList, (e: unknown) => toast({ kind: 'error', title: 'Backups not listed', body: errorMessage(e) }));
  }, [toast]);
  useEffect(reload, [reload]);
  const create = async (): Promise<void> => {
    setBusy(true);
    try {
      const b = await call('backups.create', {});
      toast({ kind: 'success', title: 'Backed up', body: `${b.name} (${size(b.bytes)}, checked)` });
      reload();
    } catch (e) {
      toast({ kind: 'error', title: 'Not backed up', body: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const restore = async (b: BackupInfo): Promise<void> => {
    setBusy(true);
    try {
      const r = await call('backups.restore', { name: b.name });
      toast({ kind: 'success', title: `Restored ${minuteOf(b.at)}`, body: `The state before the restore is kept as ${r.safetyBackup}.` });
      setConfirm(null);
      onRestored();
      reload();
    } catch (e) {
      toast({ kind: 'error', title: 'Not restored', body: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      <p className="muted">Made before every migration and once a day when the app is used (the last 14 daily kept), each a consistent copy checked with integrity_check. Folder: <span className="mono">{list?.dir ?? '…'}</span></p>
      <div className="actions">
        <button className="btn" disabled={busy} onClick={() => void create()}>Back up now</button>
      </div>
      {!list ? (
        <Loading label="Loading the backups" />
      ) : list.backups.length === 0 ? (
        <p className="muted">No backup yet.</p>
      ) : (
        <table className="data-table" aria-label="Backups">
          <thead><tr><th>When (UTC)</th><th>Kind</th><th>Size</th><th /></tr></thead>
          <tbody>
            {list.backups.map((b) => (
              <tr key={b.name}>
                <td className="mono">{minuteOf(b.at)}</td>
                <td>{b.reason}</td>
                <td>{size(b.bytes)}</td>
                <td>{canRestore ? <button className="btn" disabled={busy} onClick={() => setConfirm(b)}>Restore…</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog
        open={confirm !== null}
        onOpenChange={(o) => (o ? undefined : setConfirm(null))}
        title="Restore this backup?"
        description={confirm ? `The portfolio goes back to ${minuteOf(confirm.at)} UTC. A backup of the current state is made first and the current files are moved aside, not deleted.` : ''}
        variant="small"
        footer={
          <>
            <button className="btn" onClick={() => setConfirm(null)}>Keep the current data</button>
            <button className="btn btn-danger" disabled={busy} onClick={() => confirm && void restore(confirm)}>Restore</button>
          </>
        }
      >
        {null}
      </Dialog>
    </section>
  );
};
