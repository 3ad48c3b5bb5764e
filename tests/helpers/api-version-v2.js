// Jest setup of the "integration v2" project: the stack configures the plugin for API v2.
process.env.SCORM_CLOUD_TEST_API_VERSION = 'v2';
