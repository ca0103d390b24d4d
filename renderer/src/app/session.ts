import { createContext, useContext } from 'react';
import type { IdentityInfo, Profile } from '../../../shared/profile';
import type { Route } from './route';

/** A set of models handed to the inventory by another screen (a heat-map cell, say). */
export type InventoryPreset = { label: string; refs: ReadonlySet<string> };

export type Session = {
  profile: Profile;
  /** How people are identified here, this host's OS account and the "shared computer" policy. */
  identity: IdentityInfo;
  /** How many changes by others have arrived (team database): screens that show shared data reload when it moves. */
  changes: number;
  go: (r: Route) => void;
  showInInventory: (preset: InventoryPreset) => void;
};

export const SessionContext = createContext<Session | null>(null);

export const useSession = (): Session => {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the app shell');
  return s;
};

export const canAssess = (p: Profile): boolean => p.role === 'risk_officer' || p.role === 'review_lead';
export const canDecide = (p: Profile): boolean => p.role === 'review_lead';
