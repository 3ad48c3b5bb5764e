import hasAnyPermission, { HAS_ANY_PERMISSION } from './has-any-permission';

export default { [HAS_ANY_PERMISSION]: hasAnyPermission };
