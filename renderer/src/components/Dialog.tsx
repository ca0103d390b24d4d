import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string | undefined;
  /** normal and small are centred modals over an overlay; drawer is a side panel for details. */
  variant?: 'normal' | 'small' | 'drawer';
  children: ReactNode;
  footer?: ReactNode;
};

const classOf = { normal: 'dialog', small: 'dialog dialog-small', drawer: 'drawer' } as const;

/** Focus trap, Esc to close and a labelled title and description come from Radix. */
export const Dialog = ({ open, onOpenChange, title, description, variant = 'normal', children, footer }: Props) => (
  <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
    <RadixDialog.Portal>
      {variant === 'drawer' ? null : <RadixDialog.Overlay className="overlay" />}
      <RadixDialog.Content className={classOf[variant]}>
        <div className="dialog-head">
          <RadixDialog.Title asChild>
            <h2>{title}</h2>
          </RadixDialog.Title>
          <RadixDialog.Description className={description ? 'muted' : 'sr-only'}>{description ?? title}</RadixDialog.Description>
        </div>
        <div className="dialog-body">{children}</div>
        {footer ? <div className="dialog-foot">{footer}</div> : null}
      </RadixDialog.Content>
    </RadixDialog.Portal>
  </RadixDialog.Root>
);
