import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { Table, useRBAC, useTable } from '@strapi/strapi/admin';
import { Badge, Box, Flex, Link, Tooltip, Typography } from '@strapi/design-system';
import type { RegistrationView } from '../api/types';
import { useT } from '../hooks/useT';
import { COURSE_ACTIONS } from '../permissions';
import { coursePath, learnerPath, registrationPath } from '../pluginId';

/** Seconds as h:mm:ss, or m:ss under an hour. */
export const formatDuration = (seconds: number | null | undefined) => {
  const total = Math.max(0, Math.round(Number(seconds) || 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

export const learnerName = (r: Pick<RegistrationView, 'learnerFirstName' | 'learnerLastName' | 'learnerId'>) =>
  [r.learnerFirstName, r.learnerLastName].filter(Boolean).join(' ') || r.learnerId;

type Field = 'complete' | 'success' | 'score';
type Pair = { complete?: string | null; success?: string | null };

const isUnknown = (value: string | null | undefined) => value === null || value === undefined || value === 'unknown';

/**
 * The text of one of the Big Four, effective or as SCORM Cloud reported it. With `pair` (the completion
 * and success it stands with), a registration that has neither reads "Not attempted" under completion
 * and a dash under success, not "Unknown" twice.
 */
export const useResultText = () => {
  const { t, percent } = useT();
  return (field: Field, value: string | number | null, pair?: Pair) => {
    if (field === 'score') return value === null || value === undefined ? '—' : percent(Number(value));
    if (pair && isUnknown(pair.complete) && isUnknown(pair.success)) return field === 'complete' ? t('registrations.value.notAttempted') : '—';
    return t(`registrations.value.${value ?? 'unknown'}`);
  };
};

/** The "overridden" badge; its tooltip tells what SCORM Cloud says. */
export const OverriddenMark = ({ registration, field }: { registration: RegistrationView; field: Field }) => {
  const { t } = useT();
  const text = useResultText();
  if (!registration.overridden[field]) return null;
  const cloud = text(field, registration.cloud[field], registration.cloud);
  // The tooltip's trigger takes a ref, which the design system's Badge (a plain function component) cannot hold.
  return (
    <Tooltip label={t('registrations.overridden.tooltip', { value: cloud })}>
      <span style={{ display: 'inline-flex' }}>
        <Badge
          size="S"
          backgroundColor="warning100"
          textColor="warning700"
          data-testid={`overridden-${field}`}
          aria-label={t('registrations.overridden.tooltip', { value: cloud })}
        >
          {t('registrations.overridden')}
        </Badge>
      </span>
    </Tooltip>
  );
};

/** An effective value with its "overridden" mark. */
export const EffectiveValue = ({ registration, field }: { registration: RegistrationView; field: Field }) => {
  const text = useResultText();
  return (
    <Flex gap={2} data-testid={`effective-${field}`} data-value={String(registration[field] ?? '')}>
      <Typography textColor="neutral800">{text(field, registration[field], registration)}</Typography>
      <OverriddenMark registration={registration} field={field} />
    </Flex>
  );
};

type Column = { name: string; sort?: string };

/** The columns, each with the list's sort field where the server can sort by it (on an indexed column). */
const COLUMNS: Column[] = [
  { name: 'learner', sort: 'learnerLastName' },
  { name: 'course' },
  { name: 'attempt' },
  { name: 'complete', sort: 'complete' },
  { name: 'success', sort: 'success' },
  { name: 'score', sort: 'score' },
  { name: 'totalTime' },
  { name: 'launches', sort: 'launchCount' },
  { name: 'lastLaunch', sort: 'lastLaunchedAt' },
];

type Row = RegistrationView & { id: string };

/**
 * Registrations, one row each, in Strapi's own table: a click on the row opens the registration; the
 * learner's name opens the learner (all their registrations) and the course's title the course, for those
 * who may read courses. With `sortable`, headers sort through the page's `sort` query parameter, as in the
 * Content Manager; with `bulkActions`, rows can be selected and the actions act on the selection.
 */
export const RegistrationsTable = ({
  registrations,
  showCourse = true,
  showLearner = true,
  sortable = false,
  bulkActions,
}: {
  registrations: RegistrationView[];
  showCourse?: boolean;
  showLearner?: boolean;
  sortable?: boolean;
  bulkActions?: (selected: RegistrationView[], clear: () => void) => React.ReactNode;
}) => {
  const { t, formatDate, number } = useT();
  const navigate = useNavigate();
  const { allowedActions: courseActions } = useRBAC(COURSE_ACTIONS);
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  const headers = COLUMNS.filter((c) => (c.name !== 'learner' || showLearner) && (c.name !== 'course' || showCourse)).map((c) => ({
    name: c.sort ?? c.name,
    label: t(`registrations.column.${c.name}`),
    sortable: sortable && !!c.sort,
    column: c.name,
  }));
  const rows: Row[] = registrations.map((r) => ({ ...r, id: r.registrationId }));
  const has = (name: string) => headers.some((h) => h.column === name);
  return (
    <Table.Root rows={rows} headers={headers}>
      {bulkActions && (
        <Box paddingBottom={4}>
          <BulkBar actions={bulkActions} />
        </Box>
      )}
      <Table.Content>
        <Table.Head>
          {bulkActions && <Table.HeaderCheckboxCell />}
          {headers.map((h) => (
            <Table.HeaderCell key={h.name} name={h.name} label={h.label} sortable={h.sortable} />
          ))}
        </Table.Head>
        <Table.Body>
          {rows.map((r) => (
            <Table.Row
              key={r.registrationId}
              onClick={() => navigate(registrationPath(r.registrationId))}
              style={{ cursor: 'pointer' }}
              data-testid="registration-row"
              data-registration-id={r.registrationId}
            >
              {bulkActions && <Table.CheckboxCell id={r.id} />}
              {has('learner') && (
                <Table.Cell>
                  <Flex direction="column" alignItems="flex-start">
                    <Link tag={RouterLink} to={learnerPath(r.learnerId)} onClick={stop} data-testid="learner-link">
                      {learnerName(r)}
                    </Link>
                    <Typography variant="pi" textColor="neutral600" style={{ fontFamily: 'monospace' }}>
                      {r.learnerId}
                    </Typography>
                  </Flex>
                </Table.Cell>
              )}
              {has('course') && (
                <Table.Cell>
                  {r.course && courseActions.canRead ? (
                    <Link tag={RouterLink} to={coursePath(r.course.courseId)} onClick={stop} data-testid="course-link">
                      {r.course.title || r.course.courseId}
                    </Link>
                  ) : (
                    <Typography textColor="neutral800">{r.course ? r.course.title || r.course.courseId : '—'}</Typography>
                  )}
                </Table.Cell>
              )}
              <Table.Cell>
                <Typography textColor="neutral800">{number(r.attempt)}</Typography>
              </Table.Cell>
              <Table.Cell>
                <EffectiveValue registration={r} field="complete" />
              </Table.Cell>
              <Table.Cell>
                <EffectiveValue registration={r} field="success" />
              </Table.Cell>
              <Table.Cell>
                <EffectiveValue registration={r} field="score" />
              </Table.Cell>
              <Table.Cell>
                <Typography textColor="neutral800">{formatDuration(r.totalTime)}</Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography textColor="neutral800">{number(r.launchCount)}</Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography textColor="neutral800">
                  {r.lastLaunchedAt ? formatDate(r.lastLaunchedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}
                </Typography>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Content>
    </Table.Root>
  );
};

/** The selection's count and the actions on it, above the table (Strapi's ActionBar shows only with a selection). */
const BulkBar = ({ actions }: { actions: (selected: RegistrationView[], clear: () => void) => React.ReactNode }) => {
  const selected = useTable('BulkBar', (state) => state.selectedRows) as Row[];
  const selectRow = useTable('BulkBar', (state) => state.selectRow);
  return <Table.ActionBar>{actions(selected, () => selectRow([]))}</Table.ActionBar>;
};
