import { useState } from 'react';
import { Page, Layouts } from '@strapi/strapi/admin';
import { Alert, Box, Button, Flex, Typography } from '@strapi/design-system';
import { useT } from '../hooks/useT';
import { PERMISSIONS } from '../permissions';
import { apiFailure } from '../api/errors';
import { useGetPollerQuery, useGetSettingsQuery, useTestConnectionMutation, useTestPostbackMutation } from '../api/scorm-cloud-api';
import type { ConnectionCheck, PostbackTestResult } from '../api/types';

/** The server's hint when SCORM Cloud refuses API V1 for the account names the fix: `apiVersion: "v2"`. */
const isV1Refused = (message: string | undefined) => !!message && /apiVersion:\s*"v2"/.test(message);

const Row = ({ label, value }: { label: string; value: string }) => (
  <Flex gap={2} paddingTop={2}>
    <Typography variant="omega" fontWeight="bold">
      {label}:
    </Typography>
    <Typography variant="omega" data-testid={`value-${label}`}>
      {value}
    </Typography>
  </Flex>
);

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius marginBottom={4}>
    <Typography variant="delta" tag="h2">
      {title}
    </Typography>
    {children}
  </Box>
);

const SettingsPage = () => {
  const { t, formatDate, word, bytes, number } = useT();
  const { data: settings, isError: failed } = useGetSettingsQuery(undefined, { refetchOnMountOrArgChange: true });
  // The poller's health is its own route; the page still shows the settings when it is missing (null).
  const pollerQuery = useGetPollerQuery(undefined, { refetchOnMountOrArgChange: true });
  const poller = pollerQuery.isError ? null : pollerQuery.data;
  const [test, { isLoading: testing }] = useTestConnectionMutation();
  // Kept while a new test runs; a refused test (the route answers a failed check with 200) shows as one.
  const [check, setCheck] = useState<ConnectionCheck>();
  const testConnection = async () => {
    try {
      setCheck(await test().unwrap());
    } catch (error) {
      const name = (error as { name?: string })?.name ?? 'Error';
      setCheck({ ok: false, authenticated: false, error: { name, message: apiFailure(error).message ?? String(error) } });
    }
  };

  const [sendTestPostback, { isLoading: testingPostback }] = useTestPostbackMutation();
  // A refusal of the request itself (postbacks off, the Cloud not configured) shows as a failed test.
  const [postbackTest, setPostbackTest] = useState<PostbackTestResult | { failed: string }>();
  const testPostback = async () => {
    try {
      setPostbackTest(await sendTestPostback().unwrap());
    } catch (error) {
      setPostbackTest({ failed: apiFailure(error).message ?? String(error) });
    }
  };

  if (failed) return <Page.Error />;
  if (!settings) return <Page.Loading />;

  return (
    <Layouts.Root>
      <Page.Title>{t('settings.title')}</Page.Title>
      <Page.Main>
        <Layouts.Header title={t('settings.title')} subtitle={t('settings.subtitle')} />
        <Layouts.Content>
          {!settings.configured && (
            <Box marginBottom={4}>
              <Alert variant="warning" title={t('settings.notConfigured.title')} closeLabel={t('common.close')}>
                {t('settings.notConfigured.body')}
              </Alert>
            </Box>
          )}
          <Section title={t('settings.connection.title')}>
            <Row label={t('settings.connection.apiVersion')} value={t(`settings.connection.apiVersion.${settings.apiVersion}`)} />
            <Row label={t('settings.connection.serviceUrl')} value={settings.serviceUrl} />
            <Row label={t('settings.connection.appId')} value={settings.appId ?? '—'} />
            <Row label={t('settings.connection.origin')} value={settings.origin} />
            <Box paddingTop={4}>
              <Button onClick={testConnection} loading={testing} disabled={!settings.configured}>
                {t('settings.connection.test')}
              </Button>
            </Box>
            {check && (
              <Box paddingTop={4} data-testid="connection-result">
                {check.ok ? (
                  <Alert variant="success" closeLabel={t('common.close')}>
                    {t('settings.connection.ok', { offset: check.clockOffsetSeconds ?? 0, latency: check.latencyMs ?? 0 })}
                  </Alert>
                ) : check.authenticated ? (
                  <Alert variant="warning" closeLabel={t('common.close')}>
                    {t('settings.connection.skew', { offset: check.clockOffsetSeconds ?? 0 })}
                  </Alert>
                ) : isV1Refused(check.error?.message) ? (
                  <Alert variant="danger" title={t('settings.connection.v1Refused')} closeLabel={t('common.close')} data-testid="connection-v1-refused">
                    {check.error?.message}
                  </Alert>
                ) : (
                  <Alert variant="danger" closeLabel={t('common.close')}>
                    {t('settings.connection.failed', { message: check.error?.message ?? '' })}
                  </Alert>
                )}
              </Box>
            )}
          </Section>
          <Section title={t('settings.postback.title')}>
            {settings.postback.enabled ? (
              <>
                <Row label={t('settings.postback.url')} value={settings.postback.url} />
                {settings.postback.warnings.map((warning) => (
                  <Box paddingTop={2} key={warning}>
                    <Alert variant="warning" title={t('settings.postback.warning')} closeLabel={t('common.close')} data-testid="postback-url-warning">
                      {warning}
                    </Alert>
                  </Box>
                ))}
                <Row label={t('settings.postback.authType')} value={word('settings.postback.authType', settings.postback.authType)} />
                <Row label={t('settings.postback.resultsFormat')} value={word('settings.postback.resultsFormat', settings.postback.resultsFormat)} />
                <Box paddingTop={4}>
                  <Button variant="secondary" onClick={testPostback} loading={testingPostback} disabled={!settings.configured}>
                    {t('settings.postback.test')}
                  </Button>
                </Box>
                {postbackTest && (
                  <Box paddingTop={4} data-testid="postback-test-result">
                    {'failed' in postbackTest ? (
                      <Alert variant="danger" title={t('settings.postback.test.failed')} closeLabel={t('common.close')}>
                        {postbackTest.failed}
                      </Alert>
                    ) : postbackTest.arrived ? (
                      <Alert variant="success" title={t('settings.postback.test.arrived')} closeLabel={t('common.close')}>
                        {t('settings.postback.test.arrivedBody', { ms: postbackTest.elapsedMs })}
                      </Alert>
                    ) : (
                      <Alert variant="danger" title={t('settings.postback.test.missing')} closeLabel={t('common.close')}>
                        {postbackTest.message}
                      </Alert>
                    )}
                  </Box>
                )}
              </>
            ) : (
              <Typography>{t('settings.postback.disabled')}</Typography>
            )}
            <Row label={t('settings.registration.createOn')} value={t(`settings.registration.createOn.${settings.registration.createOn}`)} />
            <Row label={t('settings.upload.mode')} value={word('settings.upload.mode', settings.upload.mode)} />
            <Row label={t('settings.upload.maxBytes')} value={bytes(settings.upload.maxBytes)} />
          </Section>
          <Section title={t('settings.poller.title')}>
            {settings.poller.enabled ? (
              <Row label={t('settings.poller.rule')} value={settings.poller.rule} />
            ) : poller?.warning ? null : (
              <Box paddingTop={2}>
                <Alert variant="danger" closeLabel={t('common.close')} data-testid="poller-disabled">
                  {t('settings.poller.disabled')}
                </Alert>
              </Box>
            )}
            {poller === null && <Typography textColor="neutral600">{t('settings.poller.unavailable')}</Typography>}
            {poller?.warning && (
              <Box paddingTop={2}>
                <Alert variant="danger" title={t('settings.poller.warning')} closeLabel={t('common.close')} data-testid="poller-warning">
                  {poller.warning}
                </Alert>
              </Box>
            )}
            {poller && (
              <Box data-testid="poller-health">
                <Row label={t('settings.poller.running')} value={poller.running ? t('settings.poller.running.yes') : t('settings.poller.running.no')} />
                <Row label={t('settings.poller.pending')} value={number(poller.pendingImports)} />
                <Row
                  label={t('settings.poller.lastRun')}
                  value={
                    poller.lastRunAt
                      ? t('settings.poller.lastRun.value', {
                          at: formatDate(poller.lastRunAt, { dateStyle: 'medium', timeStyle: 'medium' }),
                          ms: poller.lastDurationMs ?? 0,
                        })
                      : t('settings.poller.lastRun.never')
                  }
                />
                {poller.lastError && (
                  <Box paddingTop={2}>
                    <Alert variant="danger" title={t('settings.poller.lastError')} closeLabel={t('common.close')}>
                      {poller.lastError}
                    </Alert>
                  </Box>
                )}
              </Box>
            )}
          </Section>
        </Layouts.Content>
      </Page.Main>
    </Layouts.Root>
  );
};

const ProtectedSettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <SettingsPage />
  </Page.Protect>
);

export default ProtectedSettingsPage;
export { ProtectedSettingsPage as SettingsPage };
