import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import type { Progress } from '../api/jobs';
import { useToast } from './Toasts';

export type Work = { label: string; progress: Progress; abort: AbortController };

/**
 * Long steps (sending a file, a worker job) with one progress state and a Cancel: `step` runs
 * one, feeding `work` (for <JobProgress>), and returns null when the user cancelled it.
 */
export const useJobStep = () => {
  const toast = useToast();
  const [work, setWork] = useState<Work | null>(null);
  const step = useCallback(
    async <T,>(label: string, run: (onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<T>): Promise<T | null> => {
      const abort = new AbortController();
      setWork({ label, progress: { phase: 'Starting', done: 0, total: 0 }, abort });
      try {
        return await run((progress) => setWork((w) => (w && w.abort === abort ? { ...w, progress } : w)), abort.signal);
      } catch (e) {
        if (e instanceof ApiError && e.data.code === 'cancelled') {
          toast({ kind: 'info', title: 'Cancelled', body: e.message });
          return null;
        }
        throw e;
      } finally {
        setWork(null);
      }
    },
    [toast],
  );
  return { work, step };
};
