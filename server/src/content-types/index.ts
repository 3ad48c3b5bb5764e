import course from './course/schema';
import registration from './registration/schema';
import postback from './postback/schema';
import refreshJob from './refresh-job/schema';

export default {
  course: { schema: course },
  registration: { schema: registration },
  postback: { schema: postback },
  'refresh-job': { schema: refreshJob },
};
