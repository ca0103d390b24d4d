import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HostEvent, Result } from '../shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

/**
 * The whole surface the page gets: invoke one contract method, and listen to host events
 * (progress of long work, native-menu commands). Never ipcRenderer itself.
 */
contextBridge.exposeInMainWorld('mrd', {
  invoke: (method: string, input: unknown): Promise<Result<unknown>> => ipcRenderer.invoke(INVOKE_CHANNEL, method, input) as Promise<Result<unknown>>,
  subscribe: (listener: (event: HostEvent) => void): (() => void) => {
    const wrapped = (_e: IpcRendererEvent, event: HostEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
});
