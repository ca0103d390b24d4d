import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../electron/channels';

/**
 * The preload as Electron would load it (bundled to one CommonJS file requiring only 'electron'),
 * run in a bare context with a recording stand-in for contextBridge and ipcRenderer: what does
 * the page get, and what can it reach through it?
 */
const loadPreload = async () => {
  const out = await build({ entryPoints: ['electron/preload.ts'], bundle: true, platform: 'node', format: 'cjs', external: ['electron'], write: false, logLevel: 'silent' });
  const code = out.outputFiles[0]!.text;
  const exposed: Record<string, unknown> = {};
  const sent: unknown[][] = [];
  const listeners: [string, unknown][] = [];
  const removed: string[] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => (sent.push(args), Promise.resolve({ ok: true, value: null })),
      on: (channel: string, fn: unknown) => listeners.push([channel, fn]),
      removeListener: (channel: string) => removed.push(channel),
    },
  };
  const module = { exports: {} };
  runInNewContext(code, { module, exports: module.exports, require: (id: string) => (required.push(id), id === 'electron' ? electron : undefined) });
  return { exposed, sent, listeners, removed, required };
};

describe('preload surface', () => {
  it('exposes one object with invoke and subscribe, requiring nothing but electron', async () => {
    const { exposed, required } = await loadPreload();
    expect(Object.keys(exposed)).toEqual(['mrd']);
    expect(Object.keys(exposed.mrd as object).sort()).toEqual(['invoke', 'subscribe']);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('invoke reaches only the invoke channel; subscribe listens only to host events and can be undone', async () => {
    const { exposed, sent, listeners, removed } = await loadPreload();
    const api = exposed.mrd as { invoke: (m: string, i: unknown) => Promise<unknown>; subscribe: (l: (e: unknown) => void) => () => void };
    await api.invoke('models.list', {});
    expect(sent).toEqual([[INVOKE_CHANNEL, 'models.list', {}]]);
    const seen: unknown[] = [];
    const off = api.subscribe((e) => seen.push(e));
    expect(listeners.map(([c]) => c)).toEqual([EVENT_CHANNEL]);
    // The page's listener gets the event only, never the IpcRendererEvent (which carries sender).
    (listeners[0]![1] as (e: unknown, payload: unknown) => void)({ sender: 'ipc internals' }, { kind: 'progress' });
    expect(seen).toEqual([{ kind: 'progress' }]);
    off();
    expect(removed).toEqual([EVENT_CHANNEL]);
  });
});
