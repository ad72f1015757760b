import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n';

interface DialogProps {
  open: boolean;
  title: string;
  submitLabel: string;
  busy: boolean;
  /** Why the last submit failed, shown inside the dialog. */
  error: string | null;
  onSubmit(form: HTMLFormElement): void;
  onClose(): void;
  children: ReactNode;
}

/**
 * A native modal <dialog>: the browser traps focus in it, Escape closes it, and the page
 * behind is inert. Focus goes to its first field on open and back to the button that
 * opened it on close.
 */
export function Dialog({ open, title, submitLabel, busy, error, onSubmit, onClose, children }: DialogProps) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const titleId = `dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
      element.querySelector<HTMLElement>('textarea, select, input')?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  const closed = () => {
    form.current?.reset();
    onClose();
    opener.current?.focus();
    opener.current = null;
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy) onSubmit(event.currentTarget);
  };

  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={closed}>
      <form ref={form} onSubmit={submit} noValidate>
        <h2 id={titleId}>{title}</h2>
        {children}
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            {t('cancel')}
          </button>
          <button type="submit" aria-disabled={busy}>
            {busy ? t('working') : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
