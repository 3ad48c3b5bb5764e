import { Route, Routes } from 'react-router-dom';
import { Page } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';
import { CoursesPage } from './CoursesPage';
import { CoursePage } from './CoursePage';

/** The plugin app behind the "SCORM Cloud" menu entry; routes are relative to /plugins/scorm-cloud. */
const App = () => (
  <Page.Protect permissions={PERMISSIONS.coursesRead}>
    <Routes>
      <Route index element={<CoursesPage />} />
      <Route path="courses/:courseId" element={<CoursePage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
export { App };
