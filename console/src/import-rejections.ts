import { IMPORT_FIELDS, IMPORT_REJECTION_CODES, type ImportRejection } from '@/utils/contract';
import type { MessageKey } from './i18n/en';
import type { I18n } from './i18n';

/**
 * A rejected import row's reason in the admin's language, from its code and values. The
 * server's English `message` is for the command line and logs; it is shown only for a code
 * this Console does not know (a newer server).
 */
export function rejectionText(row: ImportRejection, t: I18n['t']): string {
  if (row.code === 'field') {
    return (row.params.fields ?? '')
      .split(',')
      .filter(Boolean)
      .map((field) => ((IMPORT_FIELDS as readonly string[]).includes(field) ? t(`importField_${field}` as MessageKey) : t('importField_other', { field })))
      .join('; ');
  }
  return IMPORT_REJECTION_CODES.includes(row.code) ? t(`importRejected_${row.code}`, row.params) : row.message;
}
