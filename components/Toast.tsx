import { t } from '@/utils/i18n';
import { onAgentGesture } from '@/utils/overlay/gesture';

export interface ToastProps {
  message: string;
  onUndo?: () => void;
  onDismiss(): void;
}

/** A short confirmation at the bottom of the page, with Undo for a few seconds. */
export function Toast({ message, onUndo, onDismiss }: ToastProps) {
  return (
    <div className="jw-toast" role="status" aria-live="polite">
      <span>{message}</span>
      {onUndo ? (
        <button type="button" className="jw-secondary" onClick={onAgentGesture(onUndo)}>
          {t('toastUndo')}
        </button>
      ) : null}
      <button type="button" className="jw-icon-button" aria-label={t('cardClose')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
