import type { HostEvent, Result } from '../../../shared/contract';

/** What the Electron preload puts on window, and nothing more. */
export type Bridge = {
  invoke: (method: string, input: unknown) => Promise<Result<unknown>>;
  subscribe: (listener: (event: HostEvent) => void) => () => void;
};

declare global {
  // Declaration merging onto Window needs an interface; a type alias cannot extend it.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    mrd?: Bridge;
  }
}

const TOKEN_KEY = 'mrd.token';

/** The browser host hands its per-run token in the URL fragment once; it is kept for this tab only. */
const takeToken = (): string => {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    // The route given beside it (`#/inventory&token=…`) is kept; none: My work, the landing screen.
    const route = window.location.hash.replace(/^#/, '').replace(/&?token=[A-Za-z0-9_-]+/, '');
    history.replaceState(null, '', `${window.location.pathname}#${route.startsWith('/') ? route : '/work'}`);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
};

const httpBridge = (): Bridge => {
  const token = takeToken();
  return {
    invoke: async (method, input) => {
      const res = await fetch(`/api/invoke/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Result<unknown>;
    },
    subscribe: (listener) => {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (m: MessageEvent<string>) => listener(JSON.parse(m.data) as HostEvent);
      return () => source.close();
    },
  };
};

export const bridge: Bridge = window.mrd ?? httpBridge();
export const hostKind: 'electron' | 'browser' = window.mrd ? 'electron' : 'browser';
