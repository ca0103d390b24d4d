import { stageFile } from '../api/jobs';
import { Field } from './Field';

/**
 * What finishing a finding or an action asks for: a note (what was done and how it was checked,
 * or why it is no longer needed) and evidence files, sent on when the user confirms.
 */
export const FinishFields = ({ group, label, hint, note, onNote, onFiles, errors, noteError }: {
  group: string;
  label: string;
  hint: string;
  note: string;
  onNote: (note: string) => void;
  onFiles: (files: File[]) => void;
  errors: Record<string, string>;
  /** The error key of the note's field in the handler's answer. */
  noteError: string;
}) => (
  <div className="form-grid" role="group" aria-label={group}>
    <Field label={label} error={errors[noteError]} hint={hint} wide>
      <textarea className="textarea" rows={3} value={note} onChange={(e) => onNote(e.target.value)} autoFocus />
    </Field>
    <Field label="Evidence files" error={errors.evidence} hint="kept by name, size and SHA-256" wide>
      <input className="input" type="file" multiple onChange={(e) => onFiles([...(e.target.files ?? [])])} />
    </Field>
  </div>
);

/** The evidence files sent one after the other; their staged ids, for the handler to keep by SHA-256. */
export const stageEvidence = async (files: File[]): Promise<string[]> => {
  const ids: string[] = [];
  for (const f of files) ids.push(await stageFile(f, () => undefined, new AbortController().signal));
  return ids;
};
