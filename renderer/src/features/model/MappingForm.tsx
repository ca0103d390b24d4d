import { useState } from 'react';
import type { ColumnMapping } from '../../../../shared/monitoring';

type Props = { fileName: string; columns: string[]; onPreview: (m: ColumnMapping) => void; onCancel: () => void };

const Pick = ({ label, columns, value, onChange, optional }: { label: string; columns: string[]; value: string | null; onChange: (v: string | null) => void; optional?: boolean }) => (
  <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
    <span style={{ fontWeight: 600, fontSize: 'var(--text-sm)' }}>{label}</span>
    <select className="select" style={{ width: 170 }} aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">{optional ? '— none —' : '— choose —'}</option>
      {columns.map((c) => <option key={c}>{c}</option>)}
    </select>
  </label>
);

/** The mapping step for a CSV no importer knows; the mapping is remembered for files with the same columns. */
export const MappingForm = ({ fileName, columns, onPreview, onCancel }: Props) => {
  const [m, setM] = useState<ColumnMapping>({ timestamp: columns[0] ?? '', metric: null, value: null, valueColumns: [], feature: null, lower: null, upper: null, alert: null });
  const [wide, setWide] = useState(true);
  const set = (patch: Partial<ColumnMapping>): void => setM({ ...m, ...patch });
  return (
    <div className="banner" role="region" aria-label="Column mapping" style={{ marginTop: 8 }}>
      <p><strong>{fileName}</strong>: no importer recognises it. Say which columns hold what; files with the same columns will be read the same way from now on.</p>
      <div className="actions" style={{ alignItems: 'flex-end' }}>
        <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <span style={{ fontWeight: 600, fontSize: 'var(--text-sm)' }}>Time</span>
          <select className="select" style={{ width: 190 }} aria-label="Time" value={m.timestamp ?? '(none)'} onChange={(e) => set(e.target.value === '(none)' ? { timestamp: null, fixedTime: m.fixedTime ?? new Date().toISOString().slice(0, 10) + 'T00:00:00Z' } : { timestamp: e.target.value || '', fixedTime: null })}>
            <option value="">— choose —</option>
            {columns.map((c) => <option key={c}>{c}</option>)}
            <option value="(none)">No time column (a table panel)…</option>
          </select>
        </label>
        {m.timestamp === null ? (
          <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            <span style={{ fontWeight: 600, fontSize: 'var(--text-sm)' }}>Measured at (UTC)</span>
            <input className="input" type="datetime-local" aria-label="Measured at" value={(m.fixedTime ?? '').slice(0, 16)} onChange={(e) => set({ fixedTime: e.target.value ? `${e.target.value}:00Z` : null })} />
          </label>
        ) : null}
        <div role="radiogroup" aria-label="Layout" className="actions">
          <label><input type="radio" checked={wide} onChange={() => { setWide(true); set({ metric: null, value: null }); }} /> one column per metric</label>
          <label><input type="radio" checked={!wide} onChange={() => { setWide(false); set({ valueColumns: [] }); }} /> metric and value columns</label>
        </div>
      </div>
      {wide ? (
        <fieldset style={{ border: 0, padding: 0, margin: '8px 0' }}>
          <legend style={{ fontWeight: 600, fontSize: 'var(--text-sm)' }}>Metric columns</legend>
          <div className="actions">
            {columns.filter((c) => c !== m.timestamp).map((c) => (
              <label key={c}>
                <input type="checkbox" checked={m.valueColumns.includes(c)} onChange={(e) => set({ valueColumns: e.target.checked ? [...m.valueColumns, c] : m.valueColumns.filter((x) => x !== c) })} /> {c}
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <div className="actions" style={{ margin: '8px 0' }}>
          <Pick label="Metric name" columns={columns} value={m.metric} onChange={(v) => set({ metric: v })} />
          <Pick label="Value" columns={columns} value={m.value} onChange={(v) => set({ value: v })} />
        </div>
      )}
      <div className="actions" style={{ marginBottom: 8 }}>
        <Pick label="Feature (optional)" columns={columns} value={m.feature} onChange={(v) => set({ feature: v })} optional />
        <Pick label="Lower threshold (optional)" columns={columns} value={m.lower} onChange={(v) => set({ lower: v })} optional />
        <Pick label="Upper threshold (optional)" columns={columns} value={m.upper} onChange={(v) => set({ upper: v })} optional />
        <Pick label="Alert (optional)" columns={columns} value={m.alert} onChange={(v) => set({ alert: v })} optional />
      </div>
      <div className="actions">
        <button className="btn btn-primary" onClick={() => onPreview(m)}>Preview with this mapping</button>
        <button className="btn" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
};
