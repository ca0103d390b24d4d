import { useState } from 'react';
import { ApiError, errorMessage } from '../api/client';

/** A refused call's problems by field (the handler's issue paths), or one message for the whole form. */
export const issuesOf = (e: unknown): Record<string, string> =>
  e instanceof ApiError && e.data.details?.issues ? Object.fromEntries(e.data.details.issues.map((i) => [i.path.replace(/^fields\./, ''), i.message])) : { form: errorMessage(e) };

/**
 * A dialog's or form's submit: `busy` while it runs (its buttons disabled), the errors cleared
 * first and set from the refusal. After success the form stays busy (a dialog closes on success)
 * unless `staysOpen` says it goes on being used.
 */
export const useSubmit = (): { busy: boolean; errors: Record<string, string>; submit: (work: () => Promise<void>, staysOpen?: boolean) => Promise<void> } => {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (work: () => Promise<void>, staysOpen = false): Promise<void> => {
    setBusy(true);
    setErrors({});
    try {
      await work();
      if (staysOpen) setBusy(false);
    } catch (e) {
      setErrors(issuesOf(e));
      setBusy(false);
    }
  };
  return { busy, errors, submit };
};
