// The sample Looker instance: tests, `demo`, benchmarks (docs/architecture.md, The sample instance).
export {
  startFakeLooker,
  SAMPLE_CREDENTIALS,
  type FakeLooker,
  type FakeLookerOptions,
  type RecordedRequest,
} from './server.js';
export { sampleOrganisation, SAMPLE_CASES, SAMPLE_CASE_NOTES, SAMPLE_OAUTH_CLIENT } from './sample.js';
export { sandboxActivity, sandboxOrganisation, SANDBOX_CASES } from './sample-sandbox.js';
export { generatedActivity, SAMPLE_ACTIVITY_DATE, SAMPLE_USAGE_CASES } from './system-activity-data.js';
export type { SystemActivityOptions } from './system-activity.js';
export { generateOrganisation, REFERENCE_DATE } from './generate.js';
export { loadOrganisation, type Organisation, type FakeUser } from './org.js';
