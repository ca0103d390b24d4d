import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

export type FieldChildProps = { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

type Props = {
  label: string;
  error?: string | undefined;
  hint?: string;
  wide?: boolean;
  /** One input, select or textarea; the label, hint and error are wired to it by id. */
  children: ReactElement<FieldChildProps>;
  extra?: ReactNode;
};

export const Field = ({ label, error, hint, wide, children, extra }: Props) => {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="error" role="alert">
          {error}
        </span>
      ) : null}
      {extra}
    </div>
  );
};
