/**
 * Others' work, as it is committed: the team database announces every audit entry on the channel
 * mrd_changes (db/migrations-pg/0004 mrd.audit_notify), and who opens or closes an assessment for
 * editing on mrd_presence (0005 mrd.editing); this holds one connection of its own
 * LISTENing, and reconnects by itself when the server goes away and comes back.
 */
import type { Target } from './admin';
import { teamPool } from './open';

export type Change = { seq: number; actor: string; login: string; action: string; entity: string; entityId: string; at: string };
/** Someone began or stopped editing an assessment (migration 0005, mrd.editing). */
export type Presence = { assessmentId: number; login: string; open: boolean };
const CHANNELS = ['mrd_changes', 'mrd_presence'];

const RETRY_MS = 2_000;

/** `ready`: the first attempt to listen has ended (listening, or failed and retrying): a host opens once it has. */
export const listenChanges = (target: Target, onChange: (c: Change) => void, onPresence: (p: Presence) => void = () => undefined): { ready: Promise<void>; stop: () => Promise<void> } => {
  const pool = teamPool(target, { max: 1, queryTimeoutMs: 10_000 });
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  // The listening connection stays checked out of its pool: stop gives it back, destroyed, or
  // the pool's end would wait for it forever (and keep the process alive).
  let held: { release: (destroy?: boolean) => void } | null = null;
  let settle: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (settle = resolve));
  const connect = async (): Promise<void> => {
    if (stopped) return;
    try {
      const client = await pool.connect();
      if (stopped) return client.release(true);
      held = client;
      client.on('notification', (n) => {
        if (!CHANNELS.includes(n.channel) || !n.payload) return;
        try {
          const said = JSON.parse(n.payload) as unknown;
          if (n.channel === 'mrd_changes') onChange(said as Change);
          else onPresence(said as Presence);
        } catch {
          // A notice that is not ours (someone's NOTIFY on the same channel) is ignored.
        }
      });
      client.on('error', () => {
        if (held !== client) return;
        held = null;
        client.release(true);
        if (!stopped) retry = setTimeout(() => void connect(), RETRY_MS);
      });
      await client.query(CHANNELS.map((c) => `LISTEN ${c}`).join('; '));
    } catch {
      if (!stopped) retry = setTimeout(() => void connect(), RETRY_MS);
    } finally {
      settle();
    }
  };
  void connect();
  return {
    ready,
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      held?.release(true);
      held = null;
      await pool.end().catch(() => undefined);
    },
  };
};
