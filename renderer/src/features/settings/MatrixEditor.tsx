import { useRef, useState, type ChangeEvent } from 'react';
import { issuesFromZod } from '../../../../shared/errors';
import { MAX_LEVELS, MIN_LEVELS, definitionOf, matrixDefinitionSchema, matrixPresets, resizeMatrix, type MatrixDefinition, type RiskMatrix } from '../../../../shared/matrix';
import { textColorOn } from '../../../../shared/charts/matrixGrid';
import { call, errorMessage } from '../../api/client';
import { downloadText } from '../../components/download';
import { useToast } from '../../components/Toasts';

type Props = { current: RiskMatrix; onSaved: (m: RiskMatrix) => void; onCancel: () => void };
const SIZES = Array.from({ length: MAX_LEVELS - MIN_LEVELS + 1 }, (_, k) => k + MIN_LEVELS);

/** Edits a copy of the matrix; saving adds a version, never rewrites one. */
export const MatrixEditor = ({ current, onSaved, onCancel }: Props) => {
  const [def, setDef] = useState<MatrixDefinition>(() => definitionOf(current));
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  // A new portfolio-wide matrix asks once more, saying what it changes.
  const [confirming, setConfirming] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const toast = useToast();

  const level = (axis: 'probability' | 'impact', k: number, patch: Partial<{ label: string; description: string }>): void =>
    setDef((d) => ({ ...d, [axis]: d[axis].map((l, j) => (j === k ? { ...l, ...patch } : l)) }));
  const band = (k: number, patch: Partial<{ name: string; color: string }>): void => setDef((d) => ({ ...d, bands: d.bands.map((b, j) => (j === k ? { ...b, ...patch } : b)) }));
  const cell = (p: number, i: number, id: string): void => setDef((d) => ({ ...d, grid: d.grid.map((row, q) => (q === p ? row.map((c, j) => (j === i ? id : c)) : row)) }));

  const save = async (): Promise<void> => {
    const parsed = matrixDefinitionSchema.safeParse(def);
    if (!parsed.success) return setProblems(issuesFromZod(parsed.error));
    setProblems([]);
    setBusy(true);
    setConfirming(false);
    try {
      const saved = await call('matrix.save', { definition: parsed.data });
      toast({ kind: 'success', title: `Matrix version ${saved.version} saved`, body: 'New assessments use it; existing ones keep theirs.' });
      onSaved(saved);
    } catch (e) {
      setProblems([{ path: '', message: errorMessage(e) }]);
    } finally {
      setBusy(false);
    }
  };

  const exportJson = (): void =>
    downloadText(`risk-matrix-${def.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.json`, JSON.stringify(def, null, 2), 'application/json');

  const importJson = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    let raw: unknown;
    try {
      raw = JSON.parse(await f.text());
    } catch (err) {
      return setProblems([{ path: f.name, message: `not valid JSON: ${errorMessage(err)}` }]);
    }
    const parsed = matrixDefinitionSchema.safeParse(raw);
    if (!parsed.success) return setProblems(issuesFromZod(parsed.error).map((i) => ({ path: `${f.name}: ${i.path}`, message: i.message })));
    setProblems([]);
    setDef(parsed.data);
    toast({ kind: 'success', title: `Loaded ${f.name}`, body: 'Review it, then save it as a new version.' });
  };

  return (
    <div className="matrix-editor">
      <div className="actions">
        <label>Name <input className="input" style={{ width: 220 }} value={def.name} onChange={(e) => setDef({ ...def, name: e.target.value })} /></label>
        <label>Probability levels{' '}
          <select className="select" style={{ width: 64 }} value={def.probability.length} onChange={(e) => setDef(resizeMatrix(def, Number(e.target.value), def.impact.length))}>
            {SIZES.map((n) => <option key={n}>{n}</option>)}
          </select>
        </label>
        <label>Impact levels{' '}
          <select className="select" style={{ width: 64 }} value={def.impact.length} onChange={(e) => setDef(resizeMatrix(def, def.probability.length, Number(e.target.value)))}>
            {SIZES.map((n) => <option key={n}>{n}</option>)}
          </select>
        </label>
        <select className="select" style={{ width: 200 }} aria-label="Preset" value="" onChange={(e) => { const p = matrixPresets.find((x) => x.id === e.target.value); if (p) setDef(p.make()); }}>
          <option value="">Start from a preset…</option>
          {matrixPresets.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        </select>
        <button type="button" className="btn" onClick={exportJson}>Export JSON</button>
        <button type="button" className="btn" onClick={() => file.current?.click()}>Import JSON…</button>
        <input ref={file} type="file" accept="application/json,.json" hidden aria-label="Matrix JSON file" onChange={(e) => void importJson(e)} />
      </div>
      {problems.length ? (
        <div className="form-error" role="alert">
          {problems.slice(0, 6).map((p) => <div key={p.path + p.message}>{p.path ? `${p.path}: ` : ''}{p.message}</div>)}
        </div>
      ) : null}
      <h3>Grid (probability rows, impact columns)</h3>
      <table className="matrix" aria-label="Matrix grid editor">
        <thead>
          <tr><th />{def.impact.map((l, i) => <th key={i} scope="col">{i + 1}. {l.label}</th>)}</tr>
        </thead>
        <tbody>
          {[...def.probability.keys()].reverse().map((p) => (
            <tr key={p}>
              <th scope="row">{p + 1}. {def.probability[p]?.label}</th>
              {def.impact.map((_, i) => {
                const id = def.grid[p]?.[i] ?? '';
                const color = def.bands.find((b) => b.id === id)?.color ?? '#888888';
                return (
                  <td key={i} style={{ background: color, padding: 2 }}>
                    <select className="select" aria-label={`Band for probability ${p + 1}, impact ${i + 1}`} value={id} onChange={(e) => cell(p, i, e.target.value)} style={{ background: color, color: textColorOn(color), border: 0 }}>
                      {def.bands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
                    </select>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-grid" style={{ marginTop: 12 }}>
        {(['probability', 'impact'] as const).map((axis) => (
          <fieldset key={axis} className="field" style={{ border: 0, padding: 0 }}>
            <legend style={{ fontWeight: 600 }}>{axis === 'probability' ? 'Probability levels' : 'Impact levels'}</legend>
            {def[axis].map((l, k) => (
              <div key={k} className="actions" style={{ marginBottom: 4 }}>
                <span className="muted" style={{ width: 16 }}>{k + 1}</span>
                <input className="input" style={{ width: 140 }} aria-label={`${axis} level ${k + 1} label`} value={l.label} onChange={(e) => level(axis, k, { label: e.target.value })} />
                <input className="input" style={{ flex: 1, width: 'auto' }} aria-label={`${axis} level ${k + 1} description`} value={l.description} onChange={(e) => level(axis, k, { description: e.target.value })} />
              </div>
            ))}
          </fieldset>
        ))}
      </div>
      <h3>Bands (least to most severe)</h3>
      {def.bands.map((b, k) => (
        <div key={b.id} className="actions" style={{ marginBottom: 4 }}>
          <input type="color" aria-label={`${b.name} colour`} value={b.color} onChange={(e) => band(k, { color: e.target.value })} />
          <input className="input" style={{ width: 160 }} aria-label={`Band ${k + 1} name`} value={b.name} onChange={(e) => band(k, { name: e.target.value })} />
        </div>
      ))}
      {confirming ? (
        <div className="banner banner-warn" role="group" aria-label="Confirm the new matrix" style={{ marginTop: 16 }}>
          <p style={{ margin: '0 0 8px' }}>
            Save “{def.name}” ({def.probability.length} × {def.impact.length}) as version {current.version + 1} for the whole portfolio? Every new assessment and reassessment will be scored on it; approved assessments keep the matrix they were scored on until reassessed.
          </p>
          <div className="actions">
            <button type="button" className="btn btn-primary" autoFocus disabled={busy} onClick={() => void save()}>Save version {current.version + 1}</button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>Keep editing</button>
          </div>
        </div>
      ) : (
        <div className="actions" style={{ marginTop: 16 }}>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => (matrixDefinitionSchema.safeParse(def).success ? setConfirming(true) : void save())}>Save as version {current.version + 1}…</button>
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
        </div>
      )}
    </div>
  );
};
