/**
 * Lets signed-in users of the demo learner page (/learner/index.html) list courses, launch them and read
 * their results: the content-API actions a site admin would tick in Settings → Users & Permissions.
 */
const LEARNER_ACTIONS = [
  'plugin::scorm-cloud.learner-courses.find',
  'plugin::scorm-cloud.learner-courses.findOne',
  'plugin::scorm-cloud.launches.course',
  'plugin::scorm-cloud.launches.registration',
  'plugin::scorm-cloud.launches.courseTicket',
  'plugin::scorm-cloud.launches.ticket',
  'plugin::scorm-cloud.learner-registrations.me',
  'plugin::scorm-cloud.learner-registrations.findOne',
];

async function grantLearnerPermissions(strapi) {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  if (!role) return;
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  for (const action of LEARNER_ACTIONS) {
    if (!(await permissions.findOne({ where: { action, role: role.id } }))) await permissions.create({ data: { action, role: role.id } });
  }
}

module.exports = { grantLearnerPermissions, LEARNER_ACTIONS };
