import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  size?: 'normal' | 'small';
  children: ReactNode;
  footer?: ReactNode;
};

/** A modal dialog with focus trap, Esc to close and a labelled title (Radix does the accessibility). */
export const Dialog = ({ open, onOpenChange, title, description, size = 'normal', children, footer }: Props) => (
  <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="overlay" />
      <RadixDialog.Content className={size === 'small' ? 'dialog dialog-small' : 'dialog'}>
        <div className="dialog-head">
          <RadixDialog.Title asChild>
            <h2>{title}</h2>
          </RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="muted">{description}</RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>
          )}
        </div>
        <div className="dialog-body">{children}</div>
        {footer ? <div className="dialog-foot">{footer}</div> : null}
      </RadixDialog.Content>
    </RadixDialog.Portal>
  </RadixDialog.Root>
);

/** A side panel (non-blocking detail view) built on the same primitive. */
export const Drawer = ({ open, onOpenChange, title, children, footer }: Omit<Props, 'size' | 'description'>) => (
  <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
    <RadixDialog.Portal>
      <RadixDialog.Content className="drawer">
        <div className="dialog-head">
          <RadixDialog.Title asChild>
            <h2>{title}</h2>
          </RadixDialog.Title>
          <RadixDialog.Description className="sr-only">Details of {title}</RadixDialog.Description>
        </div>
        <div className="dialog-body">{children}</div>
        {footer ? <div className="dialog-foot">{footer}</div> : null}
      </RadixDialog.Content>
    </RadixDialog.Portal>
  </RadixDialog.Root>
);
