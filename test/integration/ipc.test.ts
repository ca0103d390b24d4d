import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/handlers';
import { handleIpcInvoke } from '../../electron/ipc';
import { APP_ORIGIN } from '../../electron/security';
import { contract, type Method } from '../../shared/contract';
import { tempRuntime } from '../helpers/temp';

describe('Electron IPC handler', () => {
  it('refuses calls from any frame but the app, before looking at the method', async () => {
    const { ctx } = await tempRuntime();
    for (const url of [undefined, 'https://example.com/', 'file:///tmp/x.html', 'app://evil/index.html']) {
      expect(await handleIpcInvoke(async (m, i) => await dispatch(ctx, m, i), url, 'models.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('validates every method and its input from the app frame', async () => {
    const { ctx } = await tempRuntime();
    const run = async (m: unknown, i: unknown) => await dispatch(ctx, m, i);
    const from = `${APP_ORIGIN}/index.html`;
    expect(await handleIpcInvoke(run, from, 'models.list', {})).toEqual({ ok: true, value: [] });
    expect(await handleIpcInvoke(run, from, 'shell.exec', { cmd: 'rm' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    for (const method of Object.keys(contract) as Method[]) {
      expect(await handleIpcInvoke(run, from, method, { injected: '<script>' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});
