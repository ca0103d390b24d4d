import { useCallback, useEffect, useState } from 'react';

export type Route = { page: 'inventory'; ref?: string } | { page: 'settings' };

/** Hash routes keep deep links working under both app:// and the browser host: #/inventory/MDL-0042. */
export const parseRoute = (hash: string): Route => {
  const [, page, ref] = hash.replace(/^#/, '').split('/');
  if (page === 'settings') return { page: 'settings' };
  return ref ? { page: 'inventory', ref: decodeURIComponent(ref) } : { page: 'inventory' };
};

export const routeHash = (r: Route): string => (r.page === 'settings' ? '#/settings' : r.ref ? `#/inventory/${encodeURIComponent(r.ref)}` : '#/inventory');

export const useRoute = (): [Route, (r: Route) => void] => {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((r: Route) => {
    window.location.hash = routeHash(r);
  }, []);
  return [route, go];
};
