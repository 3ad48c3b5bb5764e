export type InboxOutcome = 'received' | 'applied' | 'stale' | 'unknown-registration' | 'invalid';

/** `GET /registrations/:registrationId/postbacks`: one stored postback, newest first (server/src/postbacks/service.ts, listForRegistration). */
export interface PostbackInboxEntry {
  id: number;
  registrationId: string;
  /** ISO date: the query engine's Date, as JSON serialises it. */
  receivedAt: string;
  outcome: InboxOutcome;
  authType: string | null;
  detail: string | null;
  /** The body as received (XML for V1, JSON for V2). */
  body: string | null;
}
