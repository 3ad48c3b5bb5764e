import { addRawBodyRoute } from '../middlewares/body-bypass';
import { defineModule } from '../module';
import { getService } from '../utils/get-service';
import { coursesController, directUploadsController, learnerCoursesController } from './controllers';
import { adminRoutes, contentApiRoutes, RAW_UPLOAD_PATH } from './routes';

/** Courses: streaming upload, direct mode, import follow-up, the admin course API and the content API. */
export default defineModule({
  controllers: { courses: coursesController, 'learner-courses': learnerCoursesController, 'direct-uploads': directUploadsController },
  adminRoutes,
  contentApiRoutes,
  register() {
    // koa-body would write the package to a temp file before routing; the upload routes read ctx.req themselves.
    addRawBodyRoute('POST', RAW_UPLOAD_PATH);
  },
  bootstrap(strapi) {
    const poller = getService(strapi, 'poller');
    const imports = getService(strapi, 'courseImports');
    poller.registerTask('imports', async () => {
      if (!getService(strapi, 'config').isConfigured()) return;
      await imports.follower().runRound();
    });
    poller.start();
  },
  destroy(strapi) {
    getService(strapi, 'poller').stop();
  },
});
