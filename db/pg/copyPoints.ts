/**
 * Metric points into PostgreSQL through `COPY … FROM STDIN` (pg-copy-streams): rows are written
 * to the stream as they come, waiting whenever it is full, so any number of points goes through
 * in constant memory; inside the caller's transaction, so all or nothing.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type PointRow = { importId: number; ts: string; metric: string; feature: string | null; value: number | null; lower: number | null; upper: number | null; alert: boolean | null; special: string | null; reference: boolean | null };

/** COPY's text format: tab-separated, \N for NULL, backslash escapes for the characters it uses. */
const field = (v: string | number | boolean | null): string =>
  v === null ? '\\N' : typeof v === 'boolean' ? (v ? 't' : 'f') : typeof v === 'number' ? String(v) : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

export const copyPoints = async (client: pg.Client, rows: Iterable<PointRow>): Promise<number> => {
  const stream = client.query(copyFrom('COPY metric_points (import_id, ts, metric, feature, value, lower, upper, alert, special, reference) FROM STDIN'));
  const done = new Promise<void>((ok, ko) => {
    stream.on('finish', ok);
    stream.on('error', ko);
  });
  let n = 0;
  let chunk = '';
  const flush = async (): Promise<void> => {
    if (!stream.write(chunk)) await new Promise<void>((ok, ko) => { stream.once('drain', ok); stream.once('error', ko); });
    chunk = '';
  };
  for (const r of rows) {
    chunk += `${r.importId}\t${field(r.ts)}\t${field(r.metric)}\t${field(r.feature)}\t${field(r.value)}\t${field(r.lower)}\t${field(r.upper)}\t${field(r.alert)}\t${field(r.special)}\t${field(r.reference)}\n`;
    n += 1;
    if (chunk.length > 256 * 1024) await flush();
  }
  if (chunk) await flush();
  stream.end();
  await done;
  return n;
};
