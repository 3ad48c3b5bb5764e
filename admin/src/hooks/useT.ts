import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';
import { formatBytes } from '../utils/formatBytes';

type Values = Record<string, string | number | boolean | null | undefined | Date>;

/** `t('courses.title')` for this plugin's prefixed translation ids, and the locale's number formats. */
export function useT() {
  const { formatMessage, formatDate, formatNumber, messages } = useIntl();
  const t = useCallback(
    (id: string, values?: Values) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values as Record<string, string>),
    [formatMessage],
  );
  /** 0–100 → "43%" or "43 %", as the locale writes a percentage. */
  const percent = useCallback((value: number) => formatNumber(value / 100, { style: 'percent', maximumFractionDigits: 1 }), [formatNumber]);
  const bytes = useCallback((value: number | string | null | undefined) => formatBytes(value, formatNumber), [formatNumber]);
  const number = useCallback((value: number | null | undefined) => (value === null || value === undefined ? '—' : formatNumber(value)), [formatNumber]);
  /**
   * A token the server sends (a status, a source, an outcome) in words: `${prefix}.${token}`; a token this
   * admin does not know yet is shown with its dashes as spaces rather than as a missing translation id.
   */
  const word = useCallback(
    (prefix: string, token: string) => {
      const id = `${prefix}.${token}`;
      return messages[getTranslation(id)] !== undefined ? t(id) : token.replace(/[-_]/g, ' ');
    },
    [messages, t],
  );
  return { t, formatDate, formatNumber, percent, bytes, number, word };
}
