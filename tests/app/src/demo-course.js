const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { ZipFile } = require('yazl');

/**
 * The demo course of `npm run dev`: the package in tests/app/demo-course, zipped at start and imported
 * through the plugin's own services, as an upload from the admin would be.
 */
const DEMO_COURSE_DIR = path.join(__dirname, '..', 'demo-course');
// The plugin mints course IDs itself, so the demo is known by the name of its package, which no edit in the admin changes.
const DEMO_PACKAGE_NAME = 'scorm-cloud-demo-course.zip';
const COURSE_UID = 'plugin::scorm-cloud.course';

function filesUnder(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}

/** The package as a zip in memory, imsmanifest.xml at its root. */
function zipDemoCourse(dir = DEMO_COURSE_DIR) {
  const zip = new ZipFile();
  for (const name of filesUnder(dir)) zip.addFile(path.join(dir, name), name);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks = [];
    zip.outputStream.on('data', (chunk) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/**
 * Imports the demo course unless a course of its package is already there. One that failed (its upload
 * was cut short by a stop, say) is uploaded again as a new version, as the admin's upload button would.
 * Resolves with what the developer should hear of it: `{ course, note }`.
 */
async function importDemoCourse(strapi) {
  const plugin = strapi.plugin('scorm-cloud');
  const existing = await strapi.db.query(COURSE_UID).findOne({ where: { packageName: DEMO_PACKAGE_NAME }, orderBy: { id: 'asc' } });
  if (existing && existing.status !== 'failed') return { course: await plugin.service('courses').view(existing.courseId), note: 'already imported' };
  if (!plugin.service('config').isConfigured()) return { course: null, note: 'not imported: the plugin has no SCORM Cloud credentials' };

  const courses = plugin.service('courses');
  const zip = await zipDemoCourse();
  const row = await courses.beginUpload({ courseId: existing?.courseId, packageName: DEMO_PACKAGE_NAME, owner: plugin.service('poller').owner });
  try {
    const { jobId } = await plugin
      .service('cloud')
      .client()
      .importPackage(row.courseId, Readable.from([zip]), { filename: DEMO_PACKAGE_NAME, newVersion: Boolean(existing) });
    return { course: await courses.uploadSucceeded(row.id, jobId, zip.length), note: existing ? 'imported again after a failed import' : 'imported' };
  } catch (error) {
    const message = `The demo course could not be sent to SCORM Cloud: ${error.message}`;
    await courses.uploadFailed(row.id, message, zip.length);
    return { course: await courses.view(row.courseId), note: message };
  }
}

/**
 * Asks the Cloud about the import until it ends (the poller would, on its own schedule), so the
 * developer reads `ready` rather than `importing`. Gives up quietly after `timeoutMs`.
 */
async function settleImport(strapi, course, { timeoutMs = 20_000, intervalMs = 1000 } = {}) {
  const courses = strapi.plugin('scorm-cloud').service('courses');
  const deadline = Date.now() + timeoutMs;
  let view = course;
  while (view && ['uploading', 'importing'].includes(view.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    view = await courses.refresh(view.courseId).catch(() => view);
  }
  return view;
}

module.exports = { importDemoCourse, settleImport, zipDemoCourse, DEMO_COURSE_DIR, DEMO_PACKAGE_NAME };
