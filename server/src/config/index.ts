import { parseConfig } from './schema';

export default {
  // Defaults live in the zod schema so that one place documents them; Strapi deep-merges the app's keys over this.
  default: {},
  validator(config: unknown) {
    parseConfig(config);
  },
};
