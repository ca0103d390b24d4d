import type { HostEvent } from '../../../shared/contract';

const VERBS: Record<string, string> = {
  create: 'created', update: 'updated', retire: 'retired', submit: 'submitted', approve: 'approved', reject: 'rejected',
  import: 'imported monitoring for', report: 'exported report', settings: 'changed the setting', role: 'changed the directory entry of person', switch: 'switched to profile', seed: 'seeded', backup: 'backed up',
};

/** What someone else just did, in a few words: "approved assessment 12". */
export const changeSummary = (e: Extract<HostEvent, { kind: 'changed' }>): string => `${VERBS[e.action] ?? e.action} ${e.action === 'import' ? '' : `${e.entity} `}${e.entityId}`;
