import type { Core } from '@strapi/strapi';
import { CloudApiError } from '../cloud';
import { getService } from '../utils/get-service';
import type { UserLike } from './learners';
import { registrationRepository, type RegistrationRow } from './repository';
import { userDirectory } from './user-directory';

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isNotFound = (error: unknown) => error instanceof CloudApiError && error.kind === 'not-found';

/**
 * Keeps the learners of users-permissions users in step with the users: a renamed user is renamed in
 * SCORM Cloud and on their registrations; a deleted user's registrations follow `learners.onUserDelete`.
 * Called from the users' database lifecycles, so it follows every way a user changes (Content Manager,
 * the users-permissions API, the app's own code).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = registrationRepository(strapi);
  const config = () => getService(strapi, 'config');
  const cloud = () => getService(strapi, 'cloud').client();

  const sync = {
    /** Registers the lifecycle listeners; the app may have no users-permissions, then there is nothing to follow. */
    subscribe(): void {
      userDirectory(strapi).subscribe({ updated: (user) => sync.userSaved(user), deleted: (ids) => sync.usersDeleted(ids) });
    },

    /**
     * A user was saved: when their names or e-mail differ from what their registrations hold, SCORM Cloud
     * is told first and the rows follow. If the Cloud cannot be told, the rows keep the old names, so that
     * the next save of the user tries again; the log says so.
     */
    async userSaved(user: UserLike): Promise<void> {
      if (!config().isConfigured()) return;
      const registrations = await rows.ofUser(user.documentId);
      if (registrations.length === 0) return;
      const learner = getService(strapi, 'learners').fromUser(user);
      const stale = registrations.filter(
        (r) =>
          (r.learnerFirstName ?? '') !== learner.firstName ||
          (r.learnerLastName ?? '') !== learner.lastName ||
          (r.learnerEmail ?? null) !== (learner.email ?? null),
      );
      if (stale.length === 0) return;
      try {
        for (const learnerId of new Set(stale.map((r) => r.learnerId))) {
          await cloud().updateLearner({ learnerId, firstName: learner.firstName, lastName: learner.lastName, email: learner.email ?? undefined });
        }
      } catch (error) {
        strapi.log.warn(
          `[scorm-cloud] user ${user.documentId} was renamed, but SCORM Cloud could not be told (${reason(error)}); their registrations keep the old names until the user is saved again.`,
        );
        return;
      }
      for (const r of stale)
        await rows.update(r.id, { learnerFirstName: learner.firstName, learnerLastName: learner.lastName, learnerEmail: learner.email ?? null });
      strapi.log.info(`[scorm-cloud] learner ${learner.learnerId} renamed in SCORM Cloud and on ${stale.length} registration(s)`);
    },

    /** Users were deleted: their registrations are kept, anonymised or deleted, as configured. */
    async usersDeleted(documentIds: string[]): Promise<void> {
      const policy = config().get().learners.onUserDelete;
      if (policy === 'keep' || !config().isConfigured()) return;
      for (const documentId of documentIds) {
        const registrations = await rows.ofUser(documentId);
        if (registrations.length === 0) continue;
        const learnerIds = [...new Set(registrations.map((r) => r.learnerId))];
        await eraseInCloud(learnerIds);
        if (policy === 'anonymise') await anonymise(documentId, registrations, learnerIds);
        else await remove(documentId, registrations);
      }
    },
  };

  /** Where configured (V2), SCORM Cloud's own erasure of the learners' personal data; a learner it does not know is fine. */
  async function eraseInCloud(learnerIds: string[]): Promise<void> {
    const initiator = config().get().learners.dataDeletionEmail;
    if (!initiator) return;
    for (const learnerId of learnerIds) {
      try {
        const supported = await cloud().eraseLearnerData(learnerId, initiator);
        if (!supported) return;
      } catch (error) {
        if (!isNotFound(error)) strapi.log.warn(`[scorm-cloud] SCORM Cloud could not erase the data of learner ${learnerId}: ${reason(error)}`);
      }
    }
  }

  /** Names and e-mail go here and in the Cloud; results, overrides and their history stay for the reports. */
  async function anonymise(documentId: string, registrations: RegistrationRow[], learnerIds: string[]): Promise<void> {
    for (const learnerId of learnerIds) {
      try {
        // The learner ID is derived from the user's documentId and says nothing about the person.
        await cloud().updateLearner({ learnerId, firstName: learnerId, lastName: '', email: '' });
      } catch (error) {
        strapi.log.warn(`[scorm-cloud] SCORM Cloud still holds the name of learner ${learnerId}: it could not be anonymised there (${reason(error)}).`);
      }
    }
    for (const r of registrations) await rows.update(r.id, { learnerFirstName: null, learnerLastName: null, learnerEmail: null, userDocumentId: null });
    strapi.log.info(`[scorm-cloud] deleted user ${documentId}: ${registrations.length} registration(s) anonymised`);
  }

  async function remove(documentId: string, registrations: RegistrationRow[]): Promise<void> {
    let removed = 0;
    for (const r of registrations) {
      try {
        await getService(strapi, 'registrations').remove(r.registrationId);
        removed++;
      } catch (error) {
        strapi.log.warn(
          `[scorm-cloud] registration ${r.registrationId} of deleted user ${documentId} could not be deleted (${reason(error)}); delete it from its page.`,
        );
      }
    }
    strapi.log.info(`[scorm-cloud] deleted user ${documentId}: ${removed} of ${registrations.length} registration(s) deleted here and in SCORM Cloud`);
  }

  return sync;
};
