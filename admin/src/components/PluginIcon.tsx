import { CloudUpload } from '@strapi/icons';

/** The menu icon: packages go up to SCORM Cloud. */
export const PluginIcon = () => <CloudUpload />;
