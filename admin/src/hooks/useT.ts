import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

type Values = Record<string, string | number | boolean | null | undefined | Date>;

/** `t('courses.title')` for this plugin's prefixed translation ids. */
export function useT() {
  const { formatMessage, formatDate, formatNumber } = useIntl();
  const t = useCallback(
    (id: string, values?: Values) => formatMessage({ id: getTranslation(id), defaultMessage: id }, values as Record<string, string>),
    [formatMessage],
  );
  return { t, formatDate, formatNumber };
}
