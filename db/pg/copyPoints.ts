/**
 * Metric points into PostgreSQL through `COPY … FROM STDIN` (pg-copy-streams), as blocks
 * (db/pointBlocks.ts): blocks are written to the stream as they fill, waiting whenever it is full,
 * so any number of points goes through in constant memory; inside the caller's transaction, so
 * all or nothing.
 */
import type pg from 'pg';
import type { MetricPoint } from '../../shared/monitoring';
import { onTxFailure, txClient, type Db } from '../client';
import { blockBuilder, type PointAdd } from '../pointBlocks';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * A block; `ours`: its text written by db/pointBlocks.ts (not read from a file someone gave us),
 * as a string or as UTF-8 pieces (then `backslash` says whether it has one).
 */
export type BlockRow = { importId: number; seq: number; points: number; data: string; ours?: boolean } | { importId: number; seq: number; points: number; data: Uint8Array[]; ours: true; backslash: boolean };

/**
 * COPY's text format: tab-separated, backslash escapes for the characters it uses. Text we wrote
 * as JSON has no raw tab, newline or carriage return (JSON escapes them), so only its backslashes
 * need doubling, found by a plain search; a block from elsewhere (a SQLite file) is escaped in full.
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const text = (v: string): string => (NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v);
const NEWLINE = Buffer.from('\n');
const jsonText = (v: string): string => (v.includes('\\') ? v.replace(/\\/g, '\\\\') : v);

/** Rows queued for the server before the reader waits: enough that neither side waits for the other, few enough to be constant memory. */
const IN_FLIGHT = 2 * 1024 * 1024;

const COPY_SQL = 'COPY metric_point_blocks (import_id, seq, points, data) FROM STDIN';

/** One COPY in progress: `add` queues a block (sync), `drain` lets the stream send what is queued, `finish` ends it. */
export type CopySink = { add: (r: BlockRow) => void; drain: () => Promise<void>; finish: () => Promise<number> };

export const copySink = (client: pg.Client | pg.PoolClient, onFailure?: (abort: () => void) => void): CopySink => {
  let failed: Error | null = null;
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
  let full = false;
  // Blocks go out as they fill, so the server stores them while the next ones are read; `drain`
  // (between the file's reads) lets the event loop send them, and waits while the stream holds
  // more than IN_FLIGHT, so memory stays constant however slow the server is.
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
      n += r.points;
      if (failed) return;
      let ok: boolean;
      if (typeof r.data === 'string') ok = stream.write(`${r.importId}\t${r.seq}\t${r.points}\t${r.ours ? jsonText(r.data) : text(r.data)}\n`);
      else if ('backslash' in r && r.backslash) ok = stream.write(`${r.importId}\t${r.seq}\t${r.points}\t${jsonText(Buffer.concat(r.data).toString('utf8'))}\n`);
      // One write per block, its pieces copied once: the socket takes a message per write.
      else ok = stream.write(Buffer.concat([Buffer.from(`${r.importId}\t${r.seq}\t${r.points}\t`), ...r.data, NEWLINE]));
      if (!ok) full = true;
      sent = true;
    },
    drain: waitDrain,
    finish: async () => {
      if (failed) throw failed;
      await waitDrain();
      stream.end();
      await done;
      return n;
    },
  };
};

/** Blocks as they are (team import: from a SQLite file's cursor); the number of points they hold. */
export const copyBlocks = async (client: pg.Client | pg.PoolClient, rows: Iterable<BlockRow>): Promise<number> => {
  const sink = copySink(client);
  for (const r of rows) {
    sink.add(r);
    await sink.drain();
  }
  return sink.finish();
};

/** A COPY of one import's points, gathered into blocks as they come (`add`), or as blocks made elsewhere (`block`). */
export const pointCopy = (db: Db, importId: number): { add: PointAdd; block: (seq: number, points: number, data: Uint8Array[], backslash: boolean) => void; drain: () => Promise<void>; finish: () => Promise<number> } => {
  const sink = copySink(txClient(db), (abort) => onTxFailure(db, abort));
  const blocks = blockBuilder((seq, points, data) => sink.add({ importId, seq, points, data, ours: true }));
  return {
    add: blocks.add,
    block: (seq, points, data, backslash) => sink.add({ importId, seq, points, data, ours: true, backslash }),
    drain: sink.drain,
    finish: () => {
      blocks.flush();
      return sink.finish();
    },
  };
};

/** An import's points, through COPY on the connection of the transaction in progress. */
export const copyPointsIn = async (db: Db, importId: number, points: Iterable<MetricPoint>): Promise<number> => {
  const copy = pointCopy(db, importId);
  for (const p of points) {
    copy.add(p.ts, p.metric, p.feature, p.value, p.lower, p.upper, p.alert, p.special ?? null, p.reference ?? false);
    await copy.drain();
  }
  return copy.finish();
};
