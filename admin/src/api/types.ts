/**
 * What the plugin's routes answer: the contracts the server's view builders are typed with
 * (server/src/contracts), re-exported under the names the admin uses. Nothing is copied here.
 */
export type {
  CourseDeleted,
  CourseList,
  CourseStatus,
  CourseView,
  DirectUpload,
  ImportTokenReport,
  PublicCourse,
  UploadOptions,
  PaginationMeta,
  Page,
  DataBody,
  ErrorBody as ApiErrorBody,
  Completion,
  Success,
  OverrideHistoryEntry,
  OverrideValues,
  RegistrationDetail,
  RegistrationList,
  RegistrationView,
  ApiVersion,
  ConnectionCheck,
  PostbackTestResult,
  SettingsView,
  PollerHealth as PollerView,
  InboxOutcome,
  PostbackInboxEntry,
  RefreshJob,
} from '../../../server/src/contracts';
