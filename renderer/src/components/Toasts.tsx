import * as Toast from '@radix-ui/react-toast';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

type ToastItem = { id: number; kind: 'success' | 'info' | 'error'; title: string; body?: string };
type Notify = (t: Omit<ToastItem, 'id'>) => void;

const ToastContext = createContext<Notify>(() => undefined);

export const useToast = (): Notify => useContext(ToastContext);

let nextId = 1;

/** Announces results politely to screen readers; errors stay until dismissed. */
export const ToastProvider = ({ children }: { children: ReactNode }) => {
  const [items, setItems] = useState<ToastItem[]>([]);
  const notify = useCallback<Notify>((t) => setItems((xs) => [...xs.slice(-3), { ...t, id: nextId++ }]), []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      <Toast.Provider swipeDirection="right" duration={5000}>
        {children}
        {items.map((t) => (
          <Toast.Root
            key={t.id}
            className="toast"
            data-kind={t.kind}
            type={t.kind === 'error' ? 'foreground' : 'background'}
            duration={t.kind === 'error' ? 1_000_000 : 5000}
            onOpenChange={(open) => {
              if (!open) setItems((xs) => xs.filter((x) => x.id !== t.id));
            }}
          >
            <div style={{ flex: 1 }}>
              <Toast.Title className="toast-title">{t.title}</Toast.Title>
              {t.body ? <Toast.Description>{t.body}</Toast.Description> : null}
            </div>
            <Toast.Close className="btn btn-ghost" aria-label="Dismiss">
              ×
            </Toast.Close>
          </Toast.Root>
        ))}
        <Toast.Viewport className="toast-viewport" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
};
