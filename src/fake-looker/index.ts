// The sample Looker instance (design.md section 8): tests, `demo`, benchmarks.
export {
  startFakeLooker,
  SAMPLE_CREDENTIALS,
  type FakeLooker,
  type FakeLookerOptions,
  type FakeCredentials,
  type RecordedRequest,
} from './server.js';
export type { Fault, FaultMatch } from './faults.js';
export { sampleOrganisation, SAMPLE_CASES, SAMPLE_CASE_NOTES } from './sample.js';
export { generateOrganisation, REFERENCE_DATE, type OrgSpec } from './generate.js';
export {
  loadOrganisation,
  type Organisation,
  type FakeUser,
  type FakeGroup,
  type FakeRole,
  type FakePermissionSet,
  type FakeModelSet,
  type LoginKind,
} from './org.js';
