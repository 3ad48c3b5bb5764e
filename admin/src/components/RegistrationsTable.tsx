import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { useRBAC } from '@strapi/strapi/admin';
import { Badge, Flex, Link, Table, Tbody, Td, Th, Thead, Tooltip, Tr, Typography } from '@strapi/design-system';
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

/**
 * Registrations, one row each: a click on the row opens the registration; the learner's name opens the
 * learner (all their registrations) and the course's title the course, for those who may read courses.
 */
export const RegistrationsTable = ({
  registrations,
  showCourse = true,
  showLearner = true,
}: {
  registrations: RegistrationView[];
  showCourse?: boolean;
  showLearner?: boolean;
}) => {
  const { t, formatDate, number } = useT();
  const navigate = useNavigate();
  const { allowedActions: courseActions } = useRBAC(COURSE_ACTIONS);
  const columns = [
    ...(showLearner ? ['learner'] : []),
    ...(showCourse ? ['course'] : []),
    'attempt',
    'complete',
    'success',
    'score',
    'totalTime',
    'launches',
    'lastLaunch',
  ];
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  return (
    <Table colCount={columns.length} rowCount={registrations.length + 1} aria-label={t('registrations.table')}>
      <Thead>
        <Tr>
          {columns.map((c) => (
            <Th key={c}>
              <Typography variant="sigma">{t(`registrations.column.${c}`)}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {registrations.map((r) => (
          <Tr
            key={r.registrationId}
            onClick={() => navigate(registrationPath(r.registrationId))}
            style={{ cursor: 'pointer' }}
            data-testid="registration-row"
            data-registration-id={r.registrationId}
          >
            {showLearner && (
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  <Link tag={RouterLink} to={learnerPath(r.learnerId)} onClick={stop} data-testid="learner-link">
                    {learnerName(r)}
                  </Link>
                  <Typography variant="pi" textColor="neutral600" style={{ fontFamily: 'monospace' }}>
                    {r.learnerId}
                  </Typography>
                </Flex>
              </Td>
            )}
            {showCourse && (
              <Td>
                {r.course && courseActions.canRead ? (
                  <Link tag={RouterLink} to={coursePath(r.course.courseId)} onClick={stop} data-testid="course-link">
                    {r.course.title || r.course.courseId}
                  </Link>
                ) : (
                  <Typography textColor="neutral800">{r.course ? r.course.title || r.course.courseId : '—'}</Typography>
                )}
              </Td>
            )}
            <Td>
              <Typography textColor="neutral800">{number(r.attempt)}</Typography>
            </Td>
            <Td>
              <EffectiveValue registration={r} field="complete" />
            </Td>
            <Td>
              <EffectiveValue registration={r} field="success" />
            </Td>
            <Td>
              <EffectiveValue registration={r} field="score" />
            </Td>
            <Td>
              <Typography textColor="neutral800">{formatDuration(r.totalTime)}</Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{number(r.launchCount)}</Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {r.lastLaunchedAt ? formatDate(r.lastLaunchedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
