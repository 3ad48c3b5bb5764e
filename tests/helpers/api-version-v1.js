// Jest setup of the "integration v1" project: the stack configures the plugin for API v1.
process.env.SCORM_CLOUD_TEST_API_VERSION = 'v1';
