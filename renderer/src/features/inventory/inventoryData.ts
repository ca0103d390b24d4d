import type { ModelListRow } from '../../../../shared/model';
import { call } from '../../api/client';

let pending: Promise<ModelListRow[]> | null = null;

/** Starts loading the inventory while the app boots, in parallel with app.info. */
export const prefetchInventory = (): void => {
  pending = call('models.list', {});
  // A failure is reported when the page consumes the promise, not here.
  pending.catch(() => undefined);
};

/** The prefetched list if there is one (used once), else a fresh call. */
export const loadInventory = (): Promise<ModelListRow[]> => {
  const p = pending ?? call('models.list', {});
  pending = null;
  return p;
};

/** After first run writes a portfolio, the prefetched (empty) list is stale. */
export const dropPrefetchedInventory = (): void => {
  pending = null;
};
