import type { Core } from '@strapi/strapi';
import { createImportFollower, type ImportFollower } from './import-follower';
import { getService } from '../utils/get-service';

/** The import follower of this Strapi process, holding leases under the poller's owner id. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let follower: ImportFollower | undefined;
  return {
    follower(): ImportFollower {
      follower ??= createImportFollower(strapi, getService(strapi, 'poller').owner);
      return follower;
    },
  };
};
