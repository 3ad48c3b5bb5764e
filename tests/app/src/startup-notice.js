const path = require('node:path');

const REPO_ROOT = path.join(__dirname, '..', '..', '..');
const DEFAULT_DATABASE = path.join(__dirname, '..', '.tmp', 'data.db');

/**
 * Runs `print` once Strapi has printed its startup banner, so what it prints is the last thing on screen
 * rather than lost above the banner. Strapi emits no event after the banner: its startup logger's
 * logStartupMessage prints it as the server starts listening, so the call is wrapped. Should a Strapi
 * version lose that method, the notice follows the server's `listening` event instead.
 */
function afterStartupBanner(strapi, print) {
  const run = () =>
    setImmediate(() =>
      Promise.resolve()
        .then(print)
        .catch((error) => strapi.log.error(`The dev notice failed: ${error.message}`)),
    );
  const logger = strapi.startupLogger;
  if (logger && typeof logger.logStartupMessage === 'function') {
    const logStartupMessage = logger.logStartupMessage;
    logger.logStartupMessage = function (...args) {
      const result = logStartupMessage.apply(this, args);
      logger.logStartupMessage = logStartupMessage;
      run();
      return result;
    };
  } else {
    strapi.server.httpServer.once('listening', run);
  }
}

const relative = (file) => path.relative(REPO_ROOT, file);

function passwordLine(account, resetHint) {
  const password = account.origin === 'env' ? `the ${account.envName} you set` : account.password;
  const line = `sign in as ${account.login}, password ${password}`;
  if (account.works === false) return [line, `  (no longer this account's password: ${resetHint})`];
  return [line];
}

function demoCourseLine(demo) {
  if (!demo) return 'not imported (DEMO_COURSE=true imports it)';
  const { course, note } = demo;
  if (!course) return note;
  const name = `"${course.title ?? course.packageName}" (${course.courseId})`;
  if (course.status === 'ready') return `${name}, ready${note === 'already imported' ? '' : `, ${note}`}`;
  if (course.status === 'failed') return `${name} failed: ${course.error ?? note}`;
  return `${name}, still ${course.status}: the admin's course list follows it`;
}

/**
 * The block `npm run dev` ends with: where to sign in, as whom, and the demo course. `admin` and
 * `learner` are what seedAdmin and seedDemoLearner resolved with; `demo` what importDemoCourse did
 * (settled), or null when it was not asked to; `databaseFile` the SQLite file of this start, if any.
 */
function devNotice({ adminUrl, learnerUrl, admin, learner, demo, databaseFile }) {
  // The reset command opens the app's database: the default one, unless told otherwise as `npm run dev` was.
  const database = !databaseFile || path.resolve(databaseFile) === DEFAULT_DATABASE ? '' : `DATABASE_FILENAME=${databaseFile} `;
  const newPassword = admin.origin === 'env' ? '<new password>' : admin.password;
  const adminReset = `in tests/app run ${database}npx strapi admin:reset-user-password --email ${admin.email} --password '${newPassword}'`;
  const adminLines =
    admin.works === null
      ? [`${admin.email} is not an admin here: sign in as the admin you registered`]
      : passwordLine({ ...admin, login: admin.email }, adminReset);
  const learnerLines = passwordLine({ ...learner, login: learner.username }, 'change it in the admin, Content Manager → User, or delete the user and restart');
  const column = (label, lines) => lines.map((line, i) => `  ${(i === 0 ? label : '').padEnd(14)}${line}`);
  const kept = [admin, learner].find((account) => account.origin === 'generated' && account.file);
  const lines = [
    '─── SCORM Cloud plugin: ready to try ───',
    ...column('Admin panel', [adminUrl, ...adminLines]),
    ...column('Learner page', [learnerUrl, ...learnerLines]),
    ...column('Demo course', [demoCourseLine(demo)]),
    ...(kept ? [`Generated passwords are kept in ${relative(kept.file)}.`] : []),
  ];
  return `\n${lines.map((line) => (line.startsWith('  ') ? line : `  ${line}`)).join('\n')}\n`;
}

module.exports = { afterStartupBanner, devNotice };
