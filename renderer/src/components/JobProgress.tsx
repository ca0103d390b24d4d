import type { Progress } from '../api/jobs';

/** Bytes for people: 830 B, 12 kB, 4.2 MB. */
export const size = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${Math.round(n / 1e3)} kB` : `${n} B`);

/** A determinate progress bar for long work (sending, importing, rendering) with its Cancel. */
export const JobProgress = ({ label, progress, onCancel, unit = 'bytes' }: { label: string; progress: Progress; onCancel: () => void; unit?: 'bytes' | 'none' }) => {
  const pct = progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  const amount = progress.total > 0 && unit === 'bytes' ? `${size(progress.done)} of ${size(progress.total)}` : '';
  return (
    <div className="job-progress" role="status" aria-live="polite">
      <div className="actions">
        <strong>{label}</strong>
        <span className="muted">{progress.phase}{amount ? ` · ${amount}` : ''} · {pct} %</span>
        <button className="btn" onClick={onCancel} disabled={progress.phase === 'Cancelling'}>Cancel</button>
      </div>
      <progress max={100} value={pct} aria-label={`${label}: ${pct} %`} />
    </div>
  );
};
