import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppCommand } from '../../../../shared/contract';
import { toListRow, type Model, type ModelListRow } from '../../../../shared/model';
import { call, errorMessage } from '../../api/client';
import { COMMAND_EVENT } from '../../app/commands';
import { canAssess, useSession, type InventoryPreset } from '../../app/session';
import { useToast } from '../../components/Toasts';
import { ColumnsMenu } from './ColumnsMenu';
import { RegisterMenu } from './RegisterMenu';
import { defaultVisibility } from './columns';
import { InventoryTable, type TableView } from './InventoryTable';
import { loadInventory } from './inventoryData';
import { ModelDetail } from './ModelDetail';
import { ModelForm } from './ModelForm';
import './inventory.css';
import { Loading } from '../../components/Loading';

const VIEW_KEY = 'mrd.inventory.view';

/** Sorting and visible columns survive a restart; filters and search start clean. */
const loadView = (): TableView => {
  const saved = ((): Partial<TableView> => {
    try {
      return JSON.parse(localStorage.getItem(VIEW_KEY) ?? '{}') as Partial<TableView>;
    } catch {
      return {};
    }
  })();
  return {
    sorting: saved.sorting ?? [{ id: 'ref', desc: false }],
    columnVisibility: saved.columnVisibility ?? defaultVisibility,
    columnFilters: [],
    globalFilter: '',
  };
};

type Props = { openRef: string | undefined; onOpen: (ref: string | undefined) => void; preset: InventoryPreset | null; onClearPreset: () => void };

export const InventoryPage = ({ openRef, onOpen, preset, onClearPreset }: Props) => {
  const [models, setModels] = useState<ModelListRow[] | null>(null);
  const [open, setOpen] = useState<Model | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [view, setView] = useState<TableView>(loadView);
  const [showRetired, setShowRetired] = useState(true);
  const [shown, setShown] = useState(0);
  const [editing, setEditing] = useState<Model | 'new' | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const toast = useToast();
  const { profile } = useSession();

  const reload = useCallback(() => {
    setModels(null);
    loadInventory().then(
      (rows) => {
        performance.mark('mrd:inventory-data');
        setModels(rows);
        // The review, findings and work columns follow (the rows show first).
        call('models.overview', {}).then(
          (overview) => {
            const by = new Map(overview.map(({ ref, ...o }) => [ref, o]));
            setModels((xs) => (xs ? xs.map((x) => ({ ...x, ...by.get(x.ref) })) : xs));
          },
          () => undefined,
        );
      },
      (e: unknown) => setLoadError(errorMessage(e)),
    );
  }, []);
  useEffect(reload, [reload]);

  useEffect(() => {
    localStorage.setItem(VIEW_KEY, JSON.stringify({ sorting: view.sorting, columnVisibility: view.columnVisibility }));
  }, [view.sorting, view.columnVisibility]);

  useEffect(() => {
    const onCommand = (e: Event): void => {
      const command = (e as CustomEvent<AppCommand>).detail;
      if (command === 'new-model' && canAssess(profile)) setEditing('new');
      if (command === 'focus-search') {
        search.current?.focus();
        search.current?.select();
      }
    };
    window.addEventListener(COMMAND_EVENT, onCommand);
    return () => window.removeEventListener(COMMAND_EVENT, onCommand);
  }, [profile]);

  const data = useMemo(
    () => (models ?? []).filter((m) => (showRetired || m.status !== 'retired') && (!preset || preset.refs.has(m.ref))),
    [models, showRetired, preset],
  );
  const onViewChange = useCallback((u: Partial<TableView>) => setView((v) => ({ ...v, ...u })), []);

  // The table holds list rows; the detail view loads the whole model.
  useEffect(() => {
    if (!openRef) return setOpen(null);
    let live = true;
    call('models.get', { ref: openRef }).then(
      (m) => live && setOpen(m),
      (e: unknown) => {
        toast({ kind: 'error', title: `Model ${openRef} could not be opened`, body: errorMessage(e) });
        onOpen(undefined);
      },
    );
    return () => {
      live = false;
    };
  }, [openRef, toast, onOpen]);

  const replace = (m: Model): void => {
    // Editing the inventory never changes a rating, so the row keeps the one it had.
    setModels((xs) =>
      xs ? (xs.some((x) => x.ref === m.ref) ? xs.map((x) => (x.ref === m.ref ? { ...x, ...toListRow(m, x.rating) } : x)) : [...xs, toListRow(m, null)]) : xs,
    );
    if (m.ref === openRef) setOpen(m);
  };
  const saved = (m: Model, created: boolean): void => {
    replace(m);
    setEditing(null);
    toast({ kind: 'success', title: created ? `Model ${m.ref} created` : `Model ${m.ref} saved` });
    onOpen(m.ref);
  };
  const retired = (m: Model): void => {
    replace(m);
    toast({ kind: 'success', title: `Model ${m.ref} retired`, body: 'It stays in the inventory, its history and the reports.' });
  };

  return (
    <>
      <div className="page-head">
        <h1>Inventory</h1>
        <span className="muted">Every model the company runs or plans, with its owners, exposure and environment.</span>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Inventory tools">
        <input
          ref={search}
          className="input search"
          type="search"
          placeholder="Search all columns…  ( / )"
          aria-label="Search models"
          value={view.globalFilter}
          onChange={(e) => onViewChange({ globalFilter: e.target.value })}
        />
        <label style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} /> Show retired
        </label>
        {preset ? (
          <button className="btn" onClick={onClearPreset} aria-label={`Remove the filter ${preset.label}`}>
            Heat map: {preset.label} ✕
          </button>
        ) : null}
        {view.columnFilters.length > 0 || view.globalFilter ? (
          <button className="btn btn-ghost" onClick={() => onViewChange({ columnFilters: [], globalFilter: '' })}>
            Clear filters
          </button>
        ) : null}
        <span className="count" aria-live="polite">
          {models ? `${shown.toLocaleString('en')} of ${data.length.toLocaleString('en')} models` : ''}
        </span>
        <RegisterMenu onImported={reload} />
        <ColumnsMenu visibility={view.columnVisibility} onChange={(columnVisibility) => onViewChange({ columnVisibility })} />
        {canAssess(profile) ? (
          <button className="btn btn-primary" onClick={() => setEditing('new')} title="New model (N)">
            + New model
          </button>
        ) : null}
      </div>
      {loadError ? (
        <div className="empty" role="alert">
          <strong>The inventory could not be loaded</strong>
          {loadError}
        </div>
      ) : !models ? (
        <Loading label="Loading the inventory" />
      ) : models.length === 0 ? (
        <div className="empty">
          <strong>No models yet</strong>
          Register the first model of your portfolio: its purpose, owner, validator and where it runs.
          {canAssess(profile) ? (
            <div style={{ marginTop: 16 }}>
              <button className="btn btn-primary" onClick={() => setEditing('new')}>+ New model</button>
            </div>
          ) : null}
        </div>
      ) : (
        <InventoryTable data={data} view={view} onViewChange={onViewChange} onOpen={onOpen} onCount={setShown} />
      )}
      {open && open.ref === openRef ? (
        <ModelDetail model={open} row={models?.find((x) => x.ref === open.ref)} readOnly={!canAssess(profile)} onClose={() => onOpen(undefined)} onEdit={() => setEditing(open)} onRetired={retired} />
      ) : null}
      {editing ? <ModelForm model={editing === 'new' ? null : editing} onCancel={() => setEditing(null)} onSaved={saved} /> : null}
    </>
  );
};
