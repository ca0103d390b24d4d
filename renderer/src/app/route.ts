import { useCallback, useEffect, useState } from 'react';

export type Route =
  | { page: 'work' }
  | { page: 'dashboard' }
  | { page: 'inventory'; ref?: string }
  | { page: 'model'; ref: string }
  | { page: 'assessment'; ref: string; id: number }
  | { page: 'audit' }
  | { page: 'reports' }
  | { page: 'reviews'; filter?: string }
  | { page: 'findings'; filter?: string }
  | { page: 'settings' };

/** Hash routes keep deep links working under both app:// and the browser host: #/models/MDL-0042. */
export const parseRoute = (hash: string): Route => {
  const [, page, a, b, c] = hash.replace(/^#/, '').split('/').map((x) => decodeURIComponent(x));
  if (page === 'settings') return { page: 'settings' };
  if (page === 'audit') return { page: 'audit' };
  if (page === 'reports') return { page: 'reports' };
  if (page === 'dashboard') return { page: 'dashboard' };
  if (page === 'work') return { page: 'work' };
  if (page === 'reviews') return a ? { page: 'reviews', filter: a } : { page: 'reviews' };
  if (page === 'findings') return a ? { page: 'findings', filter: a } : { page: 'findings' };
  if (page === 'models' && a && b === 'assessments' && c && /^\d+$/.test(c)) return { page: 'assessment', ref: a, id: Number(c) };
  if (page === 'models' && a) return { page: 'model', ref: a };
  if (page === 'inventory') return a ? { page: 'inventory', ref: a } : { page: 'inventory' };
  // The landing screen (no page named, or the token of the browser host's first load).
  return { page: 'work' };
};

export const routeHash = (r: Route): string => {
  const e = encodeURIComponent;
  switch (r.page) {
    case 'inventory':
      return r.ref ? `#/inventory/${e(r.ref)}` : '#/inventory';
    case 'model':
      return `#/models/${e(r.ref)}`;
    case 'assessment':
      return `#/models/${e(r.ref)}/assessments/${r.id}`;
    case 'reviews':
      return r.filter ? `#/reviews/${e(r.filter)}` : '#/reviews';
    case 'findings':
      return r.filter ? `#/findings/${e(r.filter)}` : '#/findings';
    default:
      return `#/${r.page}`;
  }
};

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
