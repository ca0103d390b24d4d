import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { JobState } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { StartedTask, WorkerTask } from './tasks';
import type { WorkerMessage } from './worker';

export type JobRunnerOptions = {
  dbPath: string;
  /** A team database's password, handed to each worker in memory (never written anywhere). */
  password?: string;
  nativeBinding?: string;
  /** The worker script; the Electron build passes its bundled worker.cjs, the command line its worker.js. */
  workerEntry?: string;
  now?: () => Date;
  /**
   * Keep one worker started and waiting (the app's hosts): a job then skips the worker's start,
   * most of a small preview's time. The spare runs one job after another (each on a connection
   * of its own); a report's worker is ended after its job, and a job that finds no spare gets a
   * worker of its own while a new spare starts. The CLI, which runs one job, does not.
   * A spare that ran a report is kept apart for the next report, with the render workers it
   * started (their compiled layout code and measured words), for `reportKeepMs` after its last
   * report; then it and its render workers are ended.
   */
  warm?: boolean;
  reportKeepMs?: number | undefined;
};

type Running = { state: JobState; worker: Worker | null; flag: Int32Array; killTimer: NodeJS.Timeout | null };

const KEEP_ENDED = 50;
/** How long a report's worker and its render workers are kept for the next report. */
export const REPORT_KEEP_MS = 10 * 60_000;
const CANCEL_GRACE_MS = 5000;
const CANCELLED: Partial<JobState> = { state: 'cancelled', phase: 'Cancelled', error: { code: 'cancelled', message: 'Cancelled; nothing was written' } };

export const defaultEntry = (): string => fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * TypeScript sources (development, tests) start the worker through tsx's loader, registered in the
 * worker itself (Node 20 does not pass --import hooks on to workers); the Electron build has JS.
 * Workers get no execArgv: a host started through tsx would otherwise have every worker run tsx's
 * preflight and start a loader of its own, which more than doubled the start of a built worker.
 */
export const spawn = (entry: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker => {
  const options = { workerData, execArgv: [], ...(resourceLimits ? { resourceLimits } : {}) };
  if (!entry.endsWith('.ts')) return new Worker(entry, options);
  // The package's ESM entry (its CommonJS one cannot register the ESM hooks from here).
  const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs');
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })`;
  return new Worker(boot, { ...options, eval: true });
};

/**
 * Long work (imports, reports) runs in worker threads with their own database connection, so
 * the host's thread keeps answering. Each job reports progress and can be cancelled: the worker
 * checks a shared flag between chunks and rolls back; one that does not stop is terminated,
 * which SQLite also rolls back.
 */
export const createJobRunner = (opts: JobRunnerOptions) => {
  const jobs = new Map<string, Running>();
  const now = opts.now ?? (() => new Date());
  const entry = opts.workerEntry ?? defaultEntry();

  const end = (job: Running, patch: Partial<JobState>): void => {
    if (job.state.state !== 'running') return;
    job.state = { ...job.state, ...patch, endedAt: now().toISOString() };
    if (job.killTimer) clearTimeout(job.killTimer);
    job.worker = null;
    const ended = [...jobs.values()].filter((j) => j.state.state !== 'running');
    for (const old of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) jobs.delete(old.state.id);
  };

  const get = (id: string): Running => {
    const job = jobs.get(id);
    if (!job) throw new AppError('not_found', `No job ${id}; it may have ended long ago`);
    return job;
  };

  const base = { dbPath: opts.dbPath, ...(opts.password !== undefined ? { password: opts.password } : {}), ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) };
  let spare: Worker | null = null;
  /** The worker of the last report, kept for the next one until its timer ends it. */
  let reportSpare: { worker: Worker; timer: NodeJS.Timeout } | null = null;
  /** A report worker being prepared (prepareReports) and when it is ready, until it is kept as reportSpare. */
  let preparing: { worker: Worker; ready: Promise<void> } | null = null;
  let closed = false;
  /** Workers started as spares: they wait for one job after another until terminated. */
  const reusable = new WeakSet<Worker>();
  /**
   * Drops a kept worker's job listeners. Only these events: removeAllListeners() with no name
   * would also drop the Worker's own newListener/removeListener hooks, and a worker that had a
   * message listener when they went (a report worker prepared ahead) would then never deliver a
   * message again.
   */
  const forget = (w: Worker): void => {
    for (const event of ['message', 'error', 'exit'] as const) w.removeAllListeners(event);
  };
  const park = (w: Worker): void => {
    forget(w);
    // An idle spare never keeps the process alive, and one that dies is replaced on the next job.
    w.unref();
    w.once('exit', () => {
      if (spare === w) spare = null;
    });
    w.on('error', () => undefined);
    spare = w;
  };
  const makeSpare = (): void => {
    if (!opts.warm || closed || spare) return;
    const w = spawn(entry, { ...base, spare: true });
    reusable.add(w);
    park(w);
  };
  makeSpare();
  const parkReport = (w: Worker): void => {
    forget(w);
    w.unref();
    w.on('error', () => undefined);
    const timer = setTimeout(() => {
      if (reportSpare?.worker !== w) return;
      reportSpare = null;
      void w.terminate();
    }, opts.reportKeepMs ?? REPORT_KEEP_MS);
    timer.unref();
    w.once('exit', () => {
      if (reportSpare?.worker !== w) return;
      clearTimeout(timer);
      reportSpare = null;
    });
    reportSpare = { worker: w, timer };
  };
  /** Lets the kept report worker go (its timer with it); the worker itself is the caller's. */
  const unkeepReport = (): Worker | null => {
    if (!reportSpare) return null;
    const { worker, timer } = reportSpare;
    clearTimeout(timer);
    reportSpare = null;
    return worker;
  };
  /** The kept report worker, for a report; else the spare when there is one. */
  const takeSpare = (task: WorkerTask): Worker | null => {
    if (task.kind === 'report' && reportSpare) return unkeepReport();
    const w = spare;
    spare = null;
    return w;
  };
  /** A worker running `task`: a spare when there is one, else a new one (and a spare made ready). */
  const workerFor = (task: WorkerTask, shared: SharedArrayBuffer): Worker => {
    const w = takeSpare(task);
    if (!w) {
      setImmediate(makeSpare);
      return spawn(entry, { ...base, task, flag: shared });
    }
    forget(w);
    w.ref();
    w.postMessage({ task, flag: shared });
    return w;
  };
  /**
   * After its job: a spare-started worker that ran a report is kept for the next report (it holds
   * its render workers, so never becomes the spare for other jobs); another becomes the spare
   * again when there is none; the rest are ended.
   */
  const release = (w: Worker, kind: WorkerTask['kind']): void => {
    if (!reusable.has(w)) return; // a one-job worker exits by itself
    if (closed) return void w.terminate();
    if (kind === 'report') {
      void unkeepReport()?.terminate();
      parkReport(w);
      return makeSpare();
    }
    if (spare) void w.terminate();
    else park(w);
  };

  return {
    /** The worker script, for jobs that start workers of their own (report rendering). */
    entry,
    start: (task: StartedTask): JobState => {
      const id = randomUUID();
      const shared = new SharedArrayBuffer(4);
      const job: Running = {
        state: { id, kind: task.kind, state: 'running', phase: 'Starting', done: 0, total: 0, result: null, error: null, startedAt: now().toISOString(), endedAt: null },
        worker: null,
        flag: new Int32Array(shared),
        killTimer: null,
      };
      jobs.set(id, job);
      const attach = (): void => {
        if (job.state.state !== 'running') return;
        if (Atomics.load(job.flag, 0) === 1) return end(job, CANCELLED);
        const worker = workerFor(task, shared);
        job.worker = worker;
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') job.state = { ...job.state, done: m.done, total: m.total, phase: m.phase };
          else {
            if (m.type === 'done') end(job, { state: 'done', phase: 'Done', done: job.state.total, result: m.result });
            else end(job, { state: m.error.code === 'cancelled' ? 'cancelled' : 'failed', phase: m.error.code === 'cancelled' ? 'Cancelled' : 'Failed', error: m.error });
            release(worker, task.kind);
          }
        });
        worker.on('error', (e) => end(job, { state: 'failed', phase: 'Failed', error: { code: 'internal', message: e.message } }));
        worker.on('exit', () => {
          const cancelled = Atomics.load(job.flag, 0) === 1;
          end(job, cancelled ? CANCELLED : { state: 'failed', phase: 'Failed', error: { code: 'internal', message: 'The worker stopped before it finished' } });
        });
      };
      // A report asked for while the report workers are being prepared waits for them (seconds).
      if (task.kind === 'report' && preparing) void preparing.ready.then(attach);
      else attach();
      return job.state;
    },
    /**
     * Prepares a worker for the next report (the app's hosts, when they open a portfolio): it runs
     * `task` (see reports/generate.ts prepareReports: its render workers lay out the portfolio's
     * first pages and throw them away, so that their layout code is compiled before anyone asks
     * for a report), then waits as the kept report worker. Resolves when it is ready.
     */
    prepareReports: (task: Extract<WorkerTask, { kind: 'report.prepare' }>): Promise<void> => {
      if (!opts.warm || closed || reportSpare || preparing) return preparing?.ready ?? Promise.resolve();
      const w = spawn(entry, { ...base, spare: true });
      reusable.add(w);
      w.unref();
      const ready = new Promise<void>((ok) => {
        const done = (): void => {
          preparing = null;
          ok();
        };
        w.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') return;
          // Nothing prepared (a small portfolio, which renders in the job's own thread): an ordinary spare.
          const prepared = m.type === 'done' && (m.result as { prepared?: boolean } | null)?.prepared === true;
          if (closed) void w.terminate();
          else if (prepared) parkReport(w);
          else if (spare) void w.terminate();
          else park(w);
          done();
        });
        w.on('error', done);
        w.on('exit', done);
      });
      preparing = { worker: w, ready };
      w.postMessage({ task, flag: new SharedArrayBuffer(4) });
      return ready;
    },
    /**
     * Ends a preparation under way (a restore replaces the database file it is reading): it writes
     * nothing, and the next report starts its own workers.
     */
    stopPreparing: async (): Promise<void> => {
      const w = preparing?.worker;
      if (w) await w.terminate();
    },
    /** Resolves once no report worker is being prepared (the bench asks for its first report then). */
    whenPrepared: (): Promise<void> => preparing?.ready ?? Promise.resolve(),
    /** The worker kept for the next report: being prepared, kept, or none (tests, the bench). */
    reportWorker: (): 'preparing' | 'kept' | null => (preparing ? 'preparing' : reportSpare ? 'kept' : null),
    get: (id: string): JobState => get(id).state,
    runningAny: (): boolean => [...jobs.values()].some((j) => j.state.state === 'running'),
    running: (kind: WorkerTask['kind']): boolean => [...jobs.values()].some((j) => j.state.kind === kind && j.state.state === 'running'),
    cancel: (id: string): JobState => {
      const job = get(id);
      if (job.state.state !== 'running') return job.state;
      Atomics.store(job.flag, 0, 1);
      job.state = { ...job.state, phase: 'Cancelling' };
      const worker = job.worker;
      job.killTimer = setTimeout(() => void worker?.terminate(), CANCEL_GRACE_MS);
      job.killTimer.unref();
      return job.state;
    },
    /** Waits for a job to end (CLI, tests). */
    wait: (id: string): Promise<JobState> =>
      new Promise((ok) => {
        const tick = (): void => {
          const s = get(id).state;
          if (s.state !== 'running') ok(s);
          else setTimeout(tick, 20);
        };
        tick();
      }),
    close: async (): Promise<void> => {
      closed = true;
      const idle = [spare, unkeepReport(), preparing?.worker].filter((w): w is Worker => !!w);
      spare = null;
      await Promise.all([...idle.map((w) => w.terminate()), ...[...jobs.values()].flatMap((j) => (j.worker ? [j.worker.terminate()] : []))]);
    },
  };
};
export type JobRunner = ReturnType<typeof createJobRunner>;
