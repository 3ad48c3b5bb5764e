import course from './course/schema';
import registration from './registration/schema';
import postback from './postback/schema';

export default {
  course: { schema: course },
  registration: { schema: registration },
  postback: { schema: postback },
};
