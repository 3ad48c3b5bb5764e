import { actionId, type ActionKey } from '../permissions';

export const HAS_ANY_PERMISSION = 'has-any-permission';

export interface AbilityContext {
  state?: { userAbility?: { can(action: string, subject?: unknown): boolean } };
}

/**
 * Strapi's `admin::hasPermissions` requires every listed action (it uses `every`); a route that two
 * kinds of admin may read (the poller status: course readers and settings readers) needs any of them.
 */
export default (policyContext: AbilityContext, config: { actions?: string[] } = {}): boolean => {
  const ability = policyContext.state?.userAbility;
  const actions = config.actions ?? [];
  return !!ability && actions.length > 0 && actions.some((action) => ability.can(action));
};

/** Route policies for an admin route that any one of these actions opens. */
export const requiresAny = (...keys: ActionKey[]) => [
  'admin::isAuthenticatedAdmin',
  { name: `plugin::scorm-cloud.${HAS_ANY_PERMISSION}`, config: { actions: keys.map(actionId) } },
];
