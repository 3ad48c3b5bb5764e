import type { Core } from '@strapi/strapi';

/**
 * Outbound events, emitted on Strapi's event hub. Registered as allowed webhook events too, so that a
 * site can subscribe to them in Settings → Webhooks (the webhook runner listens on the event hub) and
 * issue certificates or e-mails without code.
 */
export const RESULT_EVENTS = {
  SCORM_CLOUD_REGISTRATION_COMPLETED: 'scorm-cloud.registration.completed',
  SCORM_CLOUD_REGISTRATION_PASSED: 'scorm-cloud.registration.passed',
  SCORM_CLOUD_REGISTRATION_FAILED: 'scorm-cloud.registration.failed',
  SCORM_CLOUD_REGISTRATION_OVERRIDDEN: 'scorm-cloud.registration.overridden',
} as const;

export type ResultEventName = (typeof RESULT_EVENTS)[keyof typeof RESULT_EVENTS];

export const eventName = (kind: 'completed' | 'passed' | 'failed' | 'overridden'): ResultEventName => `scorm-cloud.registration.${kind}` as ResultEventName;

export function registerWebhookEvents(strapi: Core.Strapi): void {
  const store = strapi.get('webhookStore') as { addAllowedEvent(key: string, value: string): void } | undefined;
  if (!store) return;
  for (const [key, value] of Object.entries(RESULT_EVENTS)) store.addAllowedEvent(key, value);
}

export interface PendingEvent {
  name: ResultEventName;
  payload: Record<string, unknown>;
}

/** Emitted after the transaction committed, so a rolled-back change never reaches a webhook. */
export async function emitAll(strapi: Core.Strapi, events: PendingEvent[]): Promise<void> {
  for (const { name, payload } of events) {
    try {
      await strapi.eventHub.emit(name, payload);
    } catch (error) {
      // A listener's failure must not turn an applied result into an error for the Cloud or the editor.
      strapi.log.error(`[scorm-cloud] listener of ${name} failed: ${(error as Error).message}`);
    }
  }
}
