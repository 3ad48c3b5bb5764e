/** A users-permissions user as the admin's learner picker shows it. */
export interface SiteUser {
  documentId: string;
  username: string;
  email: string | null;
  blocked: boolean;
  role: string | null;
}

/** A users-permissions role, with how many users hold it. */
export interface SiteRole {
  id: number;
  name: string;
  type: string;
  users: number;
}

/** What one admin assignment of a course to several users (or to a role) did. */
export interface AssignmentResult {
  /** Users the course was assigned to by this call. */
  created: number;
  /** Users who already had the course: their registration is left as it was. */
  existing: number;
  /** Users it could not be assigned to, each with the reason in words. */
  failed: Array<{ userDocumentId: string; username: string | null; message: string }>;
}
