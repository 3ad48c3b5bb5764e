import { Box, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useGetRegistrationPostbacksQuery } from '../api/scorm-cloud-api';
import { useT } from '../hooks/useT';

/** What SCORM Cloud posted back for this registration, newest first (the inbox keeps them for a while). */
export const RegistrationPostbacks = ({ registrationId }: { registrationId: string }) => {
  const { t, formatDate, word } = useT();
  // Read again when a refresh, an override or a reset of the registration invalidates them; a failure shows none.
  const { currentData, isError } = useGetRegistrationPostbacksQuery(registrationId, { refetchOnMountOrArgChange: true });
  const entries = isError ? [] : currentData;

  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="registration-postbacks">
      <Typography variant="delta" tag="h2">
        {t('registration.postbacks.title')}
      </Typography>
      <Box paddingTop={4}>
        {!entries ? null : entries.length === 0 ? (
          <Typography textColor="neutral600">{t('registration.postbacks.empty')}</Typography>
        ) : (
          <Table colCount={3} rowCount={entries.length + 1} aria-label={t('registration.postbacks.title')}>
            <Thead>
              <Tr>
                {['receivedAt', 'outcome', 'detail'].map((c) => (
                  <Th key={c}>
                    <Typography variant="sigma">{t(`registration.postbacks.${c}`)}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {entries.map((e) => (
                <Tr key={e.id} data-testid="postback-row">
                  <Td>
                    <Typography>{formatDate(e.receivedAt, { dateStyle: 'medium', timeStyle: 'medium' })}</Typography>
                  </Td>
                  <Td>
                    <Typography data-outcome={e.outcome}>{word('registration.postbacks.outcome', e.outcome)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{e.detail ?? '—'}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Box>
    </Box>
  );
};
