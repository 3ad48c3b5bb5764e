import { addRawBodyRoute } from '../middlewares/body-bypass';
import { defineModule } from '../module';
import { getService } from '../utils/get-service';
import { coursesController, directUploadsController, learnerCoursesController } from './controllers';
import { allowCloudFormPosts } from './csp';
import { adminRoutes, contentApiRoutes, RAW_UPLOAD_PATH } from './routes';

/** Courses: streaming upload, direct mode, import follow-up, the admin course API and the content API. */
export default defineModule({
  controllers: { courses: coursesController, 'learner-courses': learnerCoursesController, 'direct-uploads': directUploadsController },
  adminRoutes,
  contentApiRoutes,
  register(strapi) {
    // koa-body would write the package to a temp file before routing; the upload routes read ctx.req themselves.
    addRawBodyRoute('POST', RAW_UPLOAD_PATH);
    const config = getService(strapi, 'config').get();
    if (config.upload.mode === 'direct') {
      const origin = new URL(config.serviceUrl).origin;
      if (allowCloudFormPosts(strapi, origin) === 'added') {
        strapi.log.info(`[scorm-cloud] upload.mode "direct": the admin's Content-Security-Policy now allows form posts and frames to ${origin}.`);
      }
    }
  },
  bootstrap(strapi) {
    const poller = getService(strapi, 'poller');
    const imports = getService(strapi, 'courseImports');
    poller.registerTask('imports', async () => {
      if (!getService(strapi, 'config').isConfigured()) return;
      await imports.follower().runRound();
    });
  },
});
