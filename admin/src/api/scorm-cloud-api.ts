import { adminApi } from '@strapi/strapi/admin';
import type {
  AssignmentResult,
  ConnectionCheck,
  CourseCloudDetails,
  CourseDeleted,
  CourseList,
  CoursePreview,
  CourseView,
  DataBody,
  DirectUpload,
  ImportTokenReport,
  OverrideValues,
  PollerView,
  PostbackInboxEntry,
  PostbackTestResult,
  RegistrationDetail,
  RegistrationList,
  RegistrationView,
  SettingsView,
  SiteRole,
  SiteUser,
  Page,
  UploadOptions,
} from './types';
import { isImporting } from './values';

/** The plugin's admin routes (server/src/*\/routes.ts), written once: the endpoints below and the XHR uploads use them. */
export const apiPaths = {
  courses: '/scorm-cloud/courses',
  course: (courseId: string) => `${apiPaths.courses}/${encodeURIComponent(courseId)}`,
  courseVersions: (courseId: string) => `${apiPaths.course(courseId)}/versions`,
  registrations: '/scorm-cloud/registrations',
  registration: (registrationId: string) => `${apiPaths.registrations}/${encodeURIComponent(registrationId)}`,
  assignments: '/scorm-cloud/registrations/assignments',
  siteUsers: '/scorm-cloud/learners/users',
  siteRoles: '/scorm-cloud/learners/roles',
};

/** How often a course (or a list holding one) is read again while SCORM Cloud imports its package. */
export const LIVE_REFRESH_MS = 2000;

/** A page of the course list; undefined or empty filters are left out of the query string. */
export interface CourseQuery {
  page: number;
  pageSize: number;
  q?: string;
  status?: string;
  /** Instants (the admin's days as they start and end): the last update from `updatedFrom`, before `updatedTo`. */
  updatedFrom?: string;
  updatedTo?: string;
  sort: string;
}

/** Registration filters, the same way. */
export interface RegistrationQuery {
  courseId?: string;
  learnerId?: string;
  userDocumentId?: string;
  complete?: string;
  success?: string;
  q?: string;
  launchedFrom?: string;
  launchedTo?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
}

export interface LearnerInput {
  learnerId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

const COURSE = 'ScormCloudCourse' as const;
const REGISTRATION = 'ScormCloudRegistration' as const;
const POSTBACKS = 'ScormCloudPostbacks' as const;
const LIST = 'LIST';
const courseTag = (id: string) => ({ type: COURSE, id });
const registrationTag = (id: string) => ({ type: REGISTRATION, id });
const dataOf = <T>(body: DataBody<T>) => body.data;
const defined = (params: object) => Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));

/**
 * The plugin's endpoints on Strapi's admin API (RTK Query). Tags: a course or registration by its ID,
 * `LIST` for every list of them, and a registration's postbacks by its ID. Mutations invalidate what
 * they change, so every open list and page reads again; those answering with the whole course or
 * registration also store it (`storeAnswer`), so the page shows it as soon as the call returns.
 * Endpoint names are shared by every plugin on the admin API (i18n has a `getSettings`), so ours carry
 * the plugin's name; the hooks are exported under short names.
 */
const scormCloudApi = adminApi.enhanceEndpoints({ addTagTypes: [COURSE, REGISTRATION, POSTBACKS] }).injectEndpoints({
  endpoints: (builder) => ({
    getScormCloudCourses: builder.query<CourseList, CourseQuery>({
      query: (params) => ({ url: apiPaths.courses, method: 'GET', config: { params: defined(params) } }),
      providesTags: (list) => [{ type: COURSE, id: LIST }, ...(list?.data ?? []).map((c) => courseTag(c.courseId))],
    }),
    getScormCloudCourse: builder.query<CourseView, string>({
      query: (courseId) => apiPaths.course(courseId),
      transformResponse: dataOf<CourseView>,
      providesTags: (_course, _error, courseId) => [courseTag(courseId)],
    }),
    getScormCloudCourseDetails: builder.query<CourseCloudDetails, string>({
      query: (courseId) => `${apiPaths.course(courseId)}/details`,
      transformResponse: dataOf<CourseCloudDetails>,
      providesTags: (_d, _e, courseId) => [courseTag(courseId)],
    }),
    getScormCloudUploadOptions: builder.query<UploadOptions, void>({
      query: () => `${apiPaths.courses}/upload-options`,
      transformResponse: dataOf<UploadOptions>,
    }),
    updateScormCloudCourse: builder.mutation<CourseView, { courseId: string; title: string; launchable: boolean }>({
      query: ({ courseId, ...data }) => ({ url: apiPaths.course(courseId), method: 'PUT', data }),
      transformResponse: dataOf<CourseView>,
      onQueryStarted: ({ courseId }, api) => storeAnswer(api, 'getScormCloudCourse', courseId),
      // Registration lists show the course's title.
      invalidatesTags: (_r, error) =>
        error
          ? []
          : [
              { type: COURSE, id: LIST },
              { type: REGISTRATION, id: LIST },
            ],
    }),
    deleteScormCloudCourse: builder.mutation<CourseDeleted, { courseId: string; force: boolean }>({
      query: ({ courseId, force }) => ({ url: apiPaths.course(courseId), method: 'DELETE', config: force ? { params: { force: 'true' } } : undefined }),
      transformResponse: dataOf<CourseDeleted>,
      invalidatesTags: (result) =>
        result
          ? [
              { type: COURSE, id: LIST },
              { type: REGISTRATION, id: LIST },
            ]
          : [],
    }),
    refreshScormCloudCourse: builder.mutation<CourseView, string>({
      query: (courseId) => ({ url: `${apiPaths.course(courseId)}/refresh`, method: 'POST' }),
      transformResponse: dataOf<CourseView>,
      onQueryStarted: (courseId, api) => storeAnswer(api, 'getScormCloudCourse', courseId),
      invalidatesTags: (_r, error) => (error ? [] : [{ type: COURSE, id: LIST }]),
    }),
    // A link to open at once: nothing cached, nothing to refetch (a preview changes no data).
    previewScormCloudCourse: builder.mutation<CoursePreview, { courseId: string; version?: number }>({
      query: ({ courseId, version }) => ({ url: `${apiPaths.course(courseId)}/preview`, method: 'POST', data: version === undefined ? {} : { version } }),
      transformResponse: dataOf<CoursePreview>,
    }),
    createScormCloudDirectUpload: builder.mutation<DirectUpload, { title?: string; filename: string; size: number }>({
      query: (data) => ({ url: `${apiPaths.courses}/direct-upload`, method: 'POST', data }),
      transformResponse: dataOf<DirectUpload>,
      invalidatesTags: [{ type: COURSE, id: LIST }],
    }),
    reportScormCloudImportToken: builder.mutation<unknown, { courseId: string } & ImportTokenReport>({
      query: ({ courseId, ...data }) => ({ url: `${apiPaths.course(courseId)}/import-token`, method: 'POST', data }),
      invalidatesTags: (_r, _e, { courseId }) => [courseTag(courseId)],
    }),
    /**
     * A package went up by XMLHttpRequest (the only way to see its progress), outside this cache. Whatever
     * came of it (a refused or cancelled upload may leave a failed course), the course lists and the
     * course it was for are read again.
     */
    settleScormCloudUpload: builder.mutation<null, { courseId?: string }>({
      queryFn: () => ({ data: null }),
      invalidatesTags: (_r, _e, { courseId }) => [{ type: COURSE, id: LIST }, ...(courseId ? [courseTag(courseId)] : [])],
    }),

    getScormCloudRegistrations: builder.query<RegistrationList, RegistrationQuery>({
      query: (params) => ({ url: apiPaths.registrations, method: 'GET', config: { params: defined(params) } }),
      providesTags: (list) => [{ type: REGISTRATION, id: LIST }, ...(list?.data ?? []).map((r) => registrationTag(r.registrationId))],
    }),
    getScormCloudRegistration: builder.query<RegistrationDetail, string>({
      query: (registrationId) => apiPaths.registration(registrationId),
      transformResponse: dataOf<RegistrationDetail>,
      providesTags: (_r, _e, registrationId) => [registrationTag(registrationId)],
    }),
    getScormCloudRegistrationPostbacks: builder.query<PostbackInboxEntry[], string>({
      query: (registrationId) => ({ url: `${apiPaths.registration(registrationId)}/postbacks`, method: 'GET', config: { params: { limit: 20 } } }),
      transformResponse: dataOf<PostbackInboxEntry[]>,
      providesTags: (_r, _e, registrationId) => [{ type: POSTBACKS, id: registrationId }],
    }),
    createScormCloudRegistration: builder.mutation<RegistrationView, { courseId: string; learner: LearnerInput }>({
      query: (data) => ({ url: apiPaths.registrations, method: 'POST', data }),
      transformResponse: dataOf<RegistrationView>,
      // The course counts its registrations.
      invalidatesTags: (_r, _e, { courseId }) => [{ type: REGISTRATION, id: LIST }, courseTag(courseId)],
    }),
    assignScormCloudUsers: builder.mutation<AssignmentResult, { courseId: string; userDocumentIds?: string[]; roleId?: number }>({
      query: (data) => ({ url: apiPaths.assignments, method: 'POST', data }),
      transformResponse: dataOf<AssignmentResult>,
      invalidatesTags: (_r, _e, { courseId }) => [{ type: REGISTRATION, id: LIST }, courseTag(courseId)],
    }),
    getScormCloudSiteUsers: builder.query<Page<SiteUser>, { q?: string; pageSize?: number }>({
      query: (params) => ({ url: apiPaths.siteUsers, method: 'GET', config: { params: defined(params) } }),
    }),
    getScormCloudSiteRoles: builder.query<SiteRole[], void>({
      query: () => apiPaths.siteRoles,
      transformResponse: dataOf<SiteRole[]>,
    }),
    refreshScormCloudRegistration: builder.mutation<RegistrationDetail, string>({
      query: (registrationId) => ({ url: `${apiPaths.registration(registrationId)}/refresh`, method: 'POST' }),
      transformResponse: dataOf<RegistrationDetail>,
      onQueryStarted: (registrationId, api) => storeAnswer(api, 'getScormCloudRegistration', registrationId),
      invalidatesTags: (_r, error, registrationId) => changedRegistration(error, registrationId),
    }),
    newScormCloudAttempt: builder.mutation<RegistrationView, string>({
      query: (registrationId) => ({ url: `${apiPaths.registration(registrationId)}/new-attempt`, method: 'POST' }),
      transformResponse: dataOf<RegistrationView>,
      // The course counts its registrations.
      invalidatesTags: (_r, error) => (error ? [] : [{ type: REGISTRATION, id: LIST }, COURSE]),
    }),
    resetScormCloudRegistration: builder.mutation<unknown, string>({
      query: (registrationId) => ({ url: `${apiPaths.registration(registrationId)}/reset`, method: 'POST' }),
      invalidatesTags: (_r, error, registrationId) => (error ? [] : [registrationTag(registrationId), { type: POSTBACKS, id: registrationId }]),
    }),
    deleteScormCloudRegistration: builder.mutation<unknown, string>({
      query: (registrationId) => ({ url: apiPaths.registration(registrationId), method: 'DELETE' }),
      // Every course: the one it belonged to counts one registration fewer.
      invalidatesTags: (_r, error) => (error ? [] : [{ type: REGISTRATION, id: LIST }, COURSE]),
    }),
    setScormCloudOverride: builder.mutation<RegistrationDetail, { registrationId: string; reason: string } & OverrideValues>({
      query: ({ registrationId, ...data }) => ({ url: `${apiPaths.registration(registrationId)}/override`, method: 'PUT', data }),
      transformResponse: dataOf<RegistrationDetail>,
      onQueryStarted: ({ registrationId }, api) => storeAnswer(api, 'getScormCloudRegistration', registrationId),
      invalidatesTags: (_r, error, { registrationId }) => changedRegistration(error, registrationId),
    }),
    clearScormCloudOverride: builder.mutation<RegistrationDetail, { registrationId: string; reason: string }>({
      query: ({ registrationId, reason }) => ({ url: `${apiPaths.registration(registrationId)}/override`, method: 'DELETE', config: { params: { reason } } }),
      transformResponse: dataOf<RegistrationDetail>,
      onQueryStarted: ({ registrationId }, api) => storeAnswer(api, 'getScormCloudRegistration', registrationId),
      invalidatesTags: (_r, error, { registrationId }) => changedRegistration(error, registrationId),
    }),

    getScormCloudSettings: builder.query<SettingsView, void>({
      query: () => '/scorm-cloud/settings',
      transformResponse: dataOf<SettingsView>,
    }),
    getScormCloudPoller: builder.query<PollerView, void>({
      query: () => '/scorm-cloud/poller',
      transformResponse: dataOf<PollerView>,
    }),
    testScormCloudConnection: builder.mutation<ConnectionCheck, void>({
      query: () => ({ url: '/scorm-cloud/settings/test-connection', method: 'POST' }),
      transformResponse: dataOf<ConnectionCheck>,
    }),
    testScormCloudPostback: builder.mutation<PostbackTestResult, void>({
      query: () => ({ url: '/scorm-cloud/settings/test-postback', method: 'POST' }),
      transformResponse: dataOf<PostbackTestResult>,
    }),
  }),
});

/** The lists the registration is on, and its postbacks (a refresh or an override may come with new ones). */
function changedRegistration(error: unknown, registrationId: string) {
  return error
    ? []
    : [
        { type: REGISTRATION, id: LIST },
        { type: POSTBACKS, id: registrationId },
      ];
}

/**
 * Stores a mutation's answer, the whole course or registration, as that item's query result before the
 * caller goes on: the page shows what was saved at once (a dialog closes on it), without reading it again.
 */
async function storeAnswer<E extends 'getScormCloudCourse' | 'getScormCloudRegistration'>(
  { dispatch, queryFulfilled }: { dispatch: (action: unknown) => unknown; queryFulfilled: Promise<{ data: unknown }> },
  endpoint: E,
  id: string,
) {
  try {
    const { data } = await queryFulfilled;
    dispatch(scormCloudApi.util.updateQueryData(endpoint, id as never, () => data as never));
  } catch {
    /* the caller reports the failure */
  }
}

export const {
  useGetScormCloudCoursesQuery: useGetCoursesQuery,
  useGetScormCloudUploadOptionsQuery: useGetUploadOptionsQuery,
  useGetScormCloudCourseDetailsQuery: useGetCourseDetailsQuery,
  useUpdateScormCloudCourseMutation: useUpdateCourseMutation,
  useDeleteScormCloudCourseMutation: useDeleteCourseMutation,
  useRefreshScormCloudCourseMutation: useRefreshCourseMutation,
  usePreviewScormCloudCourseMutation: usePreviewCourseMutation,
  useCreateScormCloudDirectUploadMutation: useCreateDirectUploadMutation,
  useReportScormCloudImportTokenMutation: useReportImportTokenMutation,
  useSettleScormCloudUploadMutation: useUploadSettledMutation,
  useLazyGetScormCloudCourseQuery: useLazyGetCourseQuery,
  useGetScormCloudRegistrationsQuery: useGetRegistrationsQuery,
  useGetScormCloudRegistrationQuery: useGetRegistrationQuery,
  useGetScormCloudRegistrationPostbacksQuery: useGetRegistrationPostbacksQuery,
  useCreateScormCloudRegistrationMutation: useCreateRegistrationMutation,
  useAssignScormCloudUsersMutation: useAssignUsersMutation,
  useGetScormCloudSiteUsersQuery: useGetSiteUsersQuery,
  useGetScormCloudSiteRolesQuery: useGetSiteRolesQuery,
  useRefreshScormCloudRegistrationMutation: useRefreshRegistrationMutation,
  useResetScormCloudRegistrationMutation: useResetRegistrationMutation,
  useNewScormCloudAttemptMutation: useNewAttemptMutation,
  useDeleteScormCloudRegistrationMutation: useDeleteRegistrationMutation,
  useSetScormCloudOverrideMutation: useSetOverrideMutation,
  useClearScormCloudOverrideMutation: useClearOverrideMutation,
  useGetScormCloudSettingsQuery: useGetSettingsQuery,
  useGetScormCloudPollerQuery: useGetPollerQuery,
  useTestScormCloudConnectionMutation: useTestConnectionMutation,
  useTestScormCloudPostbackMutation: useTestPostbackMutation,
} = scormCloudApi;

/** Pages read afresh when they open (SCORM Cloud and the poller change things this cache does not see). */
const FRESH = { refetchOnMountOrArgChange: true } as const;

/**
 * One course, polled every LIVE_REFRESH_MS while it is uploading or importing; the polling stops once
 * the course settles. `course` is the course of this `courseId` only (never the one shown before).
 */
export function useCourse(courseId: string | undefined) {
  const { currentData: cached } = scormCloudApi.endpoints.getScormCloudCourse.useQueryState(courseId ?? '', { skip: !courseId });
  const query = scormCloudApi.endpoints.getScormCloudCourse.useQuery(courseId ?? '', {
    ...FRESH,
    skip: !courseId,
    pollingInterval: cached && isImporting(cached) ? LIVE_REFRESH_MS : 0,
  });
  return { ...query, course: query.currentData };
}

/** One page of courses, polled while any course on it is in flight. */
export function useCourses(params: CourseQuery) {
  const { data: cached } = scormCloudApi.endpoints.getScormCloudCourses.useQueryState(params);
  return useGetCoursesQuery(params, { ...FRESH, pollingInterval: cached?.data.some(isImporting) ? LIVE_REFRESH_MS : 0 });
}

/** A page of registrations; `pollingMs` keeps it live (new postbacks change rows while it is open). */
export const useRegistrations = (params: RegistrationQuery, pollingMs = 0, skip = false) =>
  useGetRegistrationsQuery(params, { ...FRESH, pollingInterval: pollingMs, skip });

export function useRegistration(registrationId: string | undefined) {
  const query = useGetRegistrationQuery(registrationId ?? '', { ...FRESH, skip: !registrationId });
  return { ...query, registration: query.currentData };
}
