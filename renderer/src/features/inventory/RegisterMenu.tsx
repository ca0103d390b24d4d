import * as Menu from '@radix-ui/react-dropdown-menu';
import { useRef, useState, type ChangeEvent } from 'react';
import type { ImportPreviewResult } from '../../../../shared/contract';
import { call, errorMessage } from '../../api/client';
import { canAssess, useSession } from '../../app/session';
import { Dialog } from '../../components/Dialog';
import { downloadText } from '../../components/download';
import { useToast } from '../../components/Toasts';

/** Export the register as CSV; import an inventory CSV after a preview with per-row errors. */
export const RegisterMenu = ({ onImported }: { onImported: () => void }) => {
  const { profile } = useSession();
  const toast = useToast();
  const file = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ name: string; csv: string; preview: ImportPreviewResult } | null>(null);
  const [busy, setBusy] = useState(false);

  const exportCsv = async (what: 'register.exportInventory' | 'register.exportAssessments'): Promise<void> => {
    try {
      const f = await call(what, {});
      downloadText(f.filename, f.csv, 'text/csv');
      toast({ kind: 'success', title: `Exported ${f.filename}`, body: `${f.rows.toLocaleString('en')} rows` });
    } catch (e) {
      toast({ kind: 'error', title: 'Export failed', body: errorMessage(e) });
    }
  };

  const pick = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    try {
      const csv = await f.text();
      setPending({ name: f.name, csv, preview: await call('register.previewImport', { csv }) });
    } catch (err) {
      toast({ kind: 'error', title: `${f.name} could not be read`, body: errorMessage(err) });
    }
  };

  const importNow = async (): Promise<void> => {
    if (!pending) return;
    setBusy(true);
    try {
      const r = await call('register.importInventory', { csv: pending.csv });
      toast({ kind: 'success', title: `Imported ${r.created} models from ${pending.name}` });
      setPending(null);
      onImported();
    } catch (e) {
      toast({ kind: 'error', title: 'Nothing was imported', body: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const p = pending?.preview;
  return (
    <>
      <Menu.Root>
        <Menu.Trigger className="btn">Register ▾</Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="col-menu" align="end" sideOffset={4}>
            <Menu.Item className="col-menu-item" onSelect={() => void exportCsv('register.exportInventory')}>Export inventory (CSV)</Menu.Item>
            <Menu.Item className="col-menu-item" onSelect={() => void exportCsv('register.exportAssessments')}>Export all assessments (CSV)</Menu.Item>
            {canAssess(profile) ? (
              <Menu.Item className="col-menu-item" onSelect={() => file.current?.click()}>Import inventory CSV…</Menu.Item>
            ) : null}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <input ref={file} type="file" accept=".csv,text/csv" hidden aria-label="Inventory CSV file" onChange={(e) => void pick(e)} />
      {pending && p ? (
        <Dialog
          open
          onOpenChange={(o) => (o ? undefined : setPending(null))}
          title={`Import ${pending.name}`}
          description={`${p.rows} rows read: ${p.valid} valid, ${p.errors.length} with errors. Nothing is written unless every row is valid.`}
          footer={
            <>
              <button className="btn" onClick={() => setPending(null)}>Cancel</button>
              <button className="btn btn-primary" disabled={busy || p.errors.length > 0 || p.valid === 0} onClick={() => void importNow()}>
                Import {p.valid} models
              </button>
            </>
          }
        >
          {p.errors.length > 0 ? (
            <table className="data-table" aria-label="Rows with errors">
              <thead><tr><th>Line</th><th>Error</th></tr></thead>
              <tbody>
                {p.errors.slice(0, 200).map((e) => (
                  <tr key={`${e.line}-${e.message}`}><td>{e.line}</td><td>{e.message}</td></tr>
                ))}
              </tbody>
            </table>
          ) : (
            <table className="data-table" aria-label="Models to import">
              <thead><tr><th>Ref</th><th>Name</th><th>Status</th><th>Business unit</th></tr></thead>
              <tbody>
                {p.sample.map((m) => (
                  <tr key={m.ref}><td>{m.ref}</td><td>{m.name}</td><td>{m.status}</td><td>{m.businessUnit}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </Dialog>
      ) : null}
    </>
  );
};
