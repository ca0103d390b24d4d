/**
 * The indeterminate bar shown while a screen loads, named by what it waits for. A progressbar
 * role, so the name is allowed and announced (a bare div may not carry aria-label).
 */
export const Loading = ({ label }: { label: string }) => <div className="progress" role="progressbar" aria-label={label} />;
