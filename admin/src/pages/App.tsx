import { Route, Routes } from 'react-router-dom';
import { Page } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { CoursesPage } from './CoursesPage';
import { CoursePage } from './CoursePage';
import { LearnerPage } from './LearnerPage';
import { RegistrationPage } from './RegistrationPage';
import { RegistrationsPage } from './RegistrationsPage';

/** The plugin app behind the "SCORM Cloud" menu entry; routes are relative to /plugins/scorm-cloud. */
const App = () => (
  <Routes>
    <Route index element={<Protect permissions={PERMISSIONS.coursesRead} element={<CoursesPage />} />} />
    <Route path="courses/:courseId" element={<Protect permissions={PERMISSIONS.coursesRead} element={<CoursePage />} />} />
    <Route path="registrations" element={<Protect permissions={PERMISSIONS.registrationsRead} element={<RegistrationsPage />} />} />
    <Route path="registrations/:registrationId" element={<Protect permissions={PERMISSIONS.registrationsRead} element={<RegistrationPage />} />} />
    <Route path="learners/:learnerId" element={<Protect permissions={PERMISSIONS.registrationsRead} element={<LearnerPage />} />} />
    <Route path="*" element={<Page.Error />} />
  </Routes>
);

/** Each page asks for its own read permission: registrations may be readable without courses. */
const Protect = ({ permissions, element }: { permissions: typeof PERMISSIONS.coursesRead; element: React.ReactElement }) => (
  <Page.Protect permissions={permissions}>{element}</Page.Protect>
);

export default App;
export { App };
