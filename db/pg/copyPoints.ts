/**
 * Metric points into PostgreSQL through `COPY … FROM STDIN` (pg-copy-streams): rows are written
 * to the stream as they come, waiting whenever it is full, so any number of points goes through
 * in constant memory; inside the caller's transaction, so all or nothing.
 */
import type pg from 'pg';
import type { MetricPoint } from '../../shared/monitoring';
import { onTxFailure, txClient, type Db } from '../client';
import { from as copyFrom } from 'pg-copy-streams';

export type PointRow = { importId: number; ts: string; metric: string; feature: string | null; value: number | null; lower: number | null; upper: number | null; alert: boolean | null; special: string | null; reference: boolean | null };

/** COPY's text format: tab-separated, \N for NULL, backslash escapes for the characters it uses. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const text = (v: string): string => (NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v);
const field = (v: string | number | boolean | null): string => (v === null ? '\\N' : typeof v === 'boolean' ? (v ? 't' : 'f') : typeof v === 'number' ? String(v) : text(v));

/** Rows queued for the server before the reader waits: enough that neither side waits for the other, few enough to be constant memory. */
const IN_FLIGHT = 2 * 1024 * 1024;

const COPY_SQL = 'COPY metric_points (import_id, ts, metric, feature, value, lower, upper, alert, special, reference) FROM STDIN';

/** One COPY in progress: `add` queues a row (sync), `drain` sends what is queued when it is large, `finish` ends it. */
export type CopySink = { add: (r: PointRow) => void; drain: () => Promise<void>; finish: () => Promise<number> };

/**
 * `forImport`: every row is of this one import (a monitoring import in progress). The database
 * then checks that the import exists once for the statement instead of once per row
 * (db/migrations-pg/0002); a row of another import is still looked up on its own.
 */
export const copySink = (client: pg.Client | pg.PoolClient, onFailure?: (abort: () => void) => void, forImport?: number): CopySink => {
  let failed: Error | null = null;
  // Queued ahead of the COPY on the same connection (pg runs a client's queries in order).
  if (forImport !== undefined) client.query("select set_config('mrd.copy_import', $1, true)", [String(forImport)]).catch((e: Error) => (failed ??= e));
  const stream = client.query(copyFrom(COPY_SQL, { highWaterMark: IN_FLIGHT }));
  // Failed (CopyFail) when the work around it throws, so the connection is free for the rollback.
  onFailure?.(() => void stream.destroy(new Error('the import was abandoned')));
  const done = new Promise<void>((ok, ko) => {
    stream.on('finish', ok);
    stream.on('error', (e: Error) => {
      failed = e;
      ko(e);
    });
  });
  done.catch(() => undefined); // answered by finish() or the next drain()
  let n = 0;
  let chunk = '';
  let full = false;
  // Rows go out every 64 KiB as they are made, so the server stores them while the next ones
  // are read; `drain` (between the file's reads) lets the event loop send them, and waits while
  // the stream holds more than IN_FLIGHT, so memory stays constant however slow the server is.
  const write = (): void => {
    if (!stream.write(chunk)) full = true;
    sent = true;
    chunk = '';
  };
  let sent = false;
  const waitDrain = async (): Promise<void> => {
    if (failed) throw failed;
    if (!full) {
      // The socket takes what it can at once; the rest goes out only while the event loop runs.
      if (sent) await new Promise<void>((ok) => setImmediate(ok));
      sent = false;
      return;
    }
    await new Promise<void>((ok, ko) => {
      const onError = (e: Error): void => ko(e);
      stream.once('error', onError);
      stream.once('drain', () => {
        stream.off('error', onError);
        ok();
      });
    });
    full = false;
  };
  return {
    add: (r) => {
      chunk += `${r.importId}\t${field(r.ts)}\t${field(r.metric)}\t${field(r.feature)}\t${field(r.value)}\t${field(r.lower)}\t${field(r.upper)}\t${field(r.alert)}\t${field(r.special)}\t${field(r.reference)}\n`;
      n += 1;
      if (chunk.length > 64 * 1024 && !failed) write();
    },
    drain: waitDrain,
    finish: async () => {
      if (failed) throw failed;
      if (chunk) write();
      await waitDrain();
      stream.end();
      await done;
      return n;
    },
  };
};

export const copyPoints = async (client: pg.Client | pg.PoolClient, rows: Iterable<PointRow> | AsyncIterable<PointRow>): Promise<number> => {
  const sink = copySink(client);
  for await (const r of rows) {
    sink.add(r);
    await sink.drain();
  }
  return sink.finish();
};

const asRow = (importId: number, p: MetricPoint): PointRow => ({ importId, ts: p.ts, metric: p.metric, feature: p.feature, value: p.value, lower: p.lower, upper: p.upper, alert: p.alert, special: p.special ?? null, reference: p.reference ? true : null });

/** An import's points, through COPY on the connection of the transaction in progress. */
export const copyPointsIn = async (db: Db, importId: number, points: Iterable<MetricPoint>): Promise<number> => {
  const sink = copySink(txClient(db), (abort) => onTxFailure(db, abort), importId);
  for (const p of points) {
    sink.add(asRow(importId, p));
    await sink.drain();
  }
  return sink.finish();
};
